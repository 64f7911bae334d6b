"""The known wrong answers of a drill question: the exercises' own mistakes, one source of truth.

Every name and piece of advice comes from the exercises' checks (grader/checks/), where each
is proven by a wrong submission. Where a check builds its mistakes from the numbers of a call
(ex03's size formula, ex04's counts, ex05's MACs, ex06's ReLU), the drill calls that very
function with the question's numbers. Where a check's mistakes are tied to its fixed seed layer
(ex02's 64x64 input, ex10's questions), the drill takes the name and advice and computes the
wrong answer for its own layer, with PyTorch where a layer is involved.
"""

from __future__ import annotations

import functools
import math

import torch

from grader.checks import check_ex02_predict_shapes as ex02
from grader.checks import check_ex03_output_size as ex03
from grader.checks import check_ex04_count_parameters as ex04
from grader.checks import check_ex05_count_macs as ex05
from grader.checks import check_ex06_relu_from_scratch as ex06
from grader.checks import check_ex10_interview_questions as ex10
from grader.checks.compare import Mistake
from grader.checks.plan import call
from grader.drill import oracle
from grader.drill.question import Question


def of(question: Question) -> list[Mistake]:
    """The question's known wrong answers, each different from the right one (a right answer names nothing)."""
    found = []
    for mistake in KINDS[question.kind](question):
        try:
            wrong = normal(mistake.answer())
        except Exception:  # noqa: BLE001 - a candidate that cannot be formed for these numbers is no candidate
            continue
        if isinstance(question.expected, int) and isinstance(wrong, float):
            continue  # a whole-number question reads only whole numbers: e.g. true division's 12.67 is asked again
        if wrong is not None and wrong != normal(question.expected):
            found.append(Mistake(mistake.name, mistake.advice, lambda wrong=wrong: wrong))
    return found


def named(question: Question, given: object) -> Mistake | None:
    """The first known mistake whose answer is the learner's; None when none explains it."""
    given = normal(given)
    return next((m for m in of(question) if m.answer() == given), None)


def normal(value: object) -> object:
    """One spelling of an answer for comparing: tensors and tuples as tuples, floats rounded."""
    if isinstance(value, torch.Tensor):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return tuple(round(float(v), 6) if isinstance(v, float) else v for v in value)
    return value


@functools.cache
def _ex02_advice() -> dict[str, str]:
    """ex02's mistakes by name, from a scenario that sets every one of them off."""
    scenario = ex02.Scenario(batch=2, in_channels=4, out_channels=16, kernel_size=5, stride=2, padding=2,
                             dilation=2, convs=2)
    one_image = ex02.Scenario(batch=1, out_channels=16, kernel_size=5, stride=2, padding=2, dilation=2)  # N = 1 slips
    return {m.name: m.advice for s in (one_image, scenario) for m in ex02._mistakes(s)}


def _ex02(name: str, answer) -> Mistake:
    return Mistake(name, _ex02_advice()[name], answer)


def _output_shape(q: Question) -> list[Mistake]:
    layers = q.layer if isinstance(q.layer, list) else [q.layer]
    right, shape = q.expected, q.input_shape
    if right == oracle.INVALID:
        return []
    n, c, h, w = right
    changed = lambda **setting: lambda: oracle.shape_after([{**l, **setting} for l in layers], shape)  # noqa: E731
    found = [_ex02("missing batch dimension", lambda: (c, h, w)),
             _ex02("channels-last layout", lambda: (n, h, w, c)),
             _ex02("batch size not passed through", lambda: (1, c, h, w) if n != 1 else None),
             _ex02("padding ignored", changed(padding=0)),
             _ex02("stride ignored", changed(stride=1)),
             _ex02("dilation ignored", changed(dilation=1)),
             _ex02("in_channels kept", lambda: (n, layers[0]["in_channels"], h, w) if len(layers) == 1 else None)]
    if len(layers) == 2:
        found.append(_ex02("one conv counted, not two", lambda: oracle.shape_after(layers[:1], shape)))
    for name, advice, size_of in ex02.FORMULA_SLIPS:
        found.append(Mistake(name, advice, lambda size_of=size_of: (n, c, _slipped(size_of, shape[2], layers),
                                                                        _slipped(size_of, shape[3], layers))))
    return found


def _slipped(size_of, size: int, layers: list[dict]) -> int:
    for l in layers:
        size = size_of(size, l["kernel_size"], l.get("stride", 1), l.get("padding", 0), l.get("dilation", 1))
    return size


def _output_size(q: Question) -> list[Mistake]:
    l = q.layer
    return ex03._mistakes(q.extra["input_size"], l["kernel_size"], l["stride"], l["padding"], l["dilation"])


def _parameters(q: Question) -> list[Mistake]:
    l = q.layer
    if q.module == "Linear":
        return ex04._linear_mistakes(call("drill", "linear_parameter_count", l["in_features"], l["out_features"],
                                          bias=l.get("bias", True)))
    return ex04._conv_mistakes(call("drill", "conv2d_parameter_count", l["in_channels"], l["out_channels"],
                                    l["kernel_size"], bias=l.get("bias", True)))


def _macs(q: Question) -> list[Mistake]:
    l = q.layer
    n, _, h, w = oracle.shape_after([l], q.input_shape)
    return ex05._mistakes(l["in_channels"], l["out_channels"], l["kernel_size"], h, w, n)


def _receptive_field(q: Question) -> list[Mistake]:
    strided = any(l.get("stride", 1) > 1 for l in q.layer)
    questions = ["receptive_field_two_3x3", "receptive_field_stride_2_then_3x3"]
    if not strided:
        questions.reverse()  # the later question's advice wins: the one like this question
    advice = {m.name: m.advice for question in questions for m in ex10.NUMERIC[question].mistakes}
    ks = [l["kernel_size"] for l in q.layer]
    found = [Mistake("kernel sizes added", advice["kernel sizes added"], lambda: sum(ks)),
             Mistake("kernel sizes multiplied", advice["kernel sizes multiplied"], lambda: math.prod(ks)),
             Mistake("centre pixel left out", advice["centre pixel left out"], lambda: q.expected - 1)]
    if strided:
        found.append(Mistake("stride ignored", advice["stride ignored"], lambda: 1 + sum(k - 1 for k in ks)))
    return found


def _valid(q: Question) -> list[Mistake]:
    """A yes or no is named only where one setting left out turns it over."""
    runs = lambda **setting: oracle.shape_after([{**q.layer, **setting}], q.input_shape) != oracle.INVALID  # noqa: E731
    found = []
    if q.expected and q.layer.get("padding", 0) and not runs(padding=0):
        found.append(_ex02("padding ignored", lambda: False))
    if not q.expected and q.layer.get("dilation", 1) > 1 and runs(dilation=1):
        found.append(_ex02("dilation ignored", lambda: True))
    return found


def _relu(q: Question) -> list[Mistake]:
    return ex06.relu_mistakes(torch.tensor(q.extra["values"]))


def _relu_gradient(q: Question) -> list[Mistake]:
    """Of the backward pass's mistakes, those that mean something when grad_output is all ones."""
    x = torch.tensor(q.extra["values"])
    return [m for m in ex06.relu_backward_mistakes(x, torch.ones_like(x))
            if m.name in ("gradient 1 at x == 0", "the forward output returned")]


def _ex10(q: Question) -> list[Mistake]:
    from grader.drill import ex10

    return ex10.mistakes(q)


KINDS = {"ex10": _ex10, "output_shape": _output_shape, "output_size": _output_size, "parameters": _parameters, "macs": _macs,
         "receptive_field": _receptive_field, "valid": _valid, "relu": _relu, "relu_gradient": _relu_gradient}
