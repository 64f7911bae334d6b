"""Thousands of drill questions over many seeds, each answer checked by PyTorch in another way.

The generator measures shapes on an empty CPU batch, counts from parameters() and the receptive
field from a gradient; this test measures from the JSON record alone, by other routes: meta
tensors for shapes, FlopCounterMode for MACs, the state_dict for counts, a transposed-conv
impulse for the receptive field, conv1d for one axis, autograd.grad for ReLU's slope.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from grader.drill import answers, mistakes, session
from grader.drill.question import KINDS, answer_text

SEEDS = range(250)
PER_SEED = 8


@pytest.fixture(scope="module")
def drawn():
    return [(seed, q) for seed in SEEDS for q in session.seeded(seed, KINDS, PER_SEED)]


def _meta_shape(layers: list[dict], input_shape: list[int]):
    x = torch.empty(*input_shape, device="meta")
    try:
        for kwargs in layers:
            x = nn.Conv2d(**kwargs, device="meta")(x)
    except (RuntimeError, ValueError):
        return "invalid"
    return tuple(x.shape)


def _flop_macs(layer: dict, input_shape: list[int]) -> int:
    with FlopCounterMode(display=False) as counter:
        nn.Conv2d(**layer, device="meta")(torch.empty(*input_shape, device="meta"))
    return counter.get_total_flops() // 2  # it counts a multiply and an add as two FLOPs


def _impulse_field(layers: list[dict]) -> int:
    """One output pixel sent back through every layer with all-ones kernels: the input it reaches."""
    y = torch.ones(1, 1, 1)
    for layer in reversed(layers):
        k = layer["kernel_size"]
        y = F.conv_transpose1d(y, torch.ones(1, 1, k), stride=layer.get("stride", 1), dilation=layer.get("dilation", 1))
    return y.shape[-1]


def independent(record: dict):
    kind, layer = record["kind"], record["layer"]
    if kind == "output_shape":
        return _meta_shape(layer if isinstance(layer, list) else [layer], record["input_shape"])
    if kind == "valid":
        return _meta_shape([layer], record["input_shape"]) != "invalid"
    if kind == "output_size":
        x = torch.zeros(1, 1, record["input_size"])
        w = torch.zeros(1, 1, layer["kernel_size"])
        return F.conv1d(x, w, stride=layer["stride"], padding=layer["padding"], dilation=layer["dilation"]).shape[-1]
    if kind == "parameters":
        module = nn.Linear if record["module"] == "Linear" else nn.Conv2d
        return sum(t.numel() for t in module(**layer, device="meta").state_dict().values())
    if kind == "macs":
        return _flop_macs(layer, record["input_shape"])
    if kind == "receptive_field":
        return _impulse_field(layer)
    x = torch.tensor(record["values"], requires_grad=True)
    if kind == "relu":
        return F.relu(x).tolist()
    (slope,) = torch.autograd.grad(F.relu(x).sum(), x)
    return slope.tolist()


def test_every_kind_is_drawn(drawn):
    assert {q.kind for _, q in drawn} == set(KINDS)
    assert len(drawn) >= 2000


def test_every_expected_answer_is_what_pytorch_says(drawn):
    for seed, question in drawn:
        record = question.record()
        expected = record["expected"]
        found = independent(record)
        found = list(found) if isinstance(found, tuple) else found
        assert found == expected, f"seed {seed}: {question.prompt} expected {expected!r}, PyTorch says {found!r}"


def test_no_question_is_unanswerable_or_ambiguous(drawn):
    """The right answer, written as a learner would, reads back as right; only shape questions may be
    'invalid', and they say so; a question's derivation ends on its answer."""
    for seed, question in drawn:
        written = answer_text(question.expected)
        assert answers.same(answers.parse(written, question.expected), question.expected), (seed, question.prompt)
        if question.expected == "invalid":
            assert question.kind == "output_shape" and "'invalid'" in question.prompt
            assert "refuses" in question.derivation
        elif question.kind not in ("valid", "relu", "relu_gradient"):
            assert question.derivation.rstrip().endswith(written.replace("_", "")) or \
                written in question.derivation, (seed, question.prompt, question.derivation)
        assert all(mistakes.normal(m.answer()) != mistakes.normal(question.expected) for m in mistakes.of(question))


def test_some_shape_questions_ask_for_an_invalid_layer(drawn):
    kinds = [q.expected for _, q in drawn if q.kind == "output_shape"]
    assert "invalid" in kinds and any(k != "invalid" for k in kinds)
