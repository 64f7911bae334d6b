"""Every case class is asked on every draw: each plan holds its edge cases whatever the seed.

A random draw alone may miss the one input a wrong formula gets wrong (an output of exactly 0,
bias=False), and then a wrong submission scores full marks on that seed. The edge cases are
stated here, independently of the plans, and checked on every one of many seeds.
"""

from __future__ import annotations

import importlib

import pytest
import torch.nn.functional as F

from grader.checks.plan import Draw

SEEDS = list(range(200)) + ["a hash of a file", "another one"]


def _size(op) -> int:
    """What conv_output_size's formula gives for an ex03 call (floor division)."""
    return _free(op) // _stride(op) + 1


def _stride(op) -> int:
    return op.kwargs.get("stride", 1)


def _free(op) -> int:
    """The padded length the kernel's span leaves free: a stride that does not divide it drops a partial window."""
    size, k = op.args
    return size + 2 * op.kwargs.get("padding", 0) - op.kwargs.get("dilation", 1) * (k - 1) - 1


def _conv_case(op):
    """(N, H, W, K, stride, padding, bias given) of an ex07/ex08 call."""
    x, weight, bias = op.args
    n, _, h, w = x.shape
    return n, h, w, weight.shape[-1], op.kwargs.get("stride", 1), op.kwargs.get("padding", 0), bias is not None


def _uneven(op) -> bool:
    n, h, w, k, s, p, _ = _conv_case(op)
    return s > 1 and ((h + 2 * p - k) % s or (w + 2 * p - k) % s)


CONV_EDGES = {
    "batch above 1": lambda op: _conv_case(op)[0] > 1,
    "non-square image": lambda op: _conv_case(op)[1] != _conv_case(op)[2],
    "stride that does not divide": _uneven,
    "padding with a stride": lambda op: _conv_case(op)[4] > 1 and _conv_case(op)[5] > 0,
    "no bias": lambda op: not _conv_case(op)[6],
    "no padding": lambda op: _conv_case(op)[5] == 0,
    "stride and padding left out (the signature's defaults)": lambda op: "stride" not in op.kwargs
    and "padding" not in op.kwargs,
}

EDGES = {
    "check_ex03_output_size": {
        "an output of exactly 1": lambda op: not op.id.startswith("invalid") and _size(op) == 1,
        "an output of exactly 0, which must raise": lambda op: op.id.startswith("invalid") and _size(op) == 0,
        "a negative output, which must raise": lambda op: op.id.startswith("invalid") and _size(op) < 0,
        "a stride that does not divide": lambda op: not op.id.startswith("invalid") and _free(op) % _stride(op) > 0,
        "dilation above 1": lambda op: not op.id.startswith("invalid") and op.kwargs.get("dilation", 1) > 1,
        "stride, padding and dilation left out (the signature's defaults)": lambda op: not op.id.startswith("invalid")
        and not op.kwargs,
    },
    "check_ex04_count_parameters": {
        "a conv with bias=False": lambda op: op.name == "conv2d_parameter_count" and op.kwargs.get("bias") is False,
        "a conv with bias=True, not the seed": lambda op: op.id.startswith("conv") and op.kwargs.get("bias") is True,
        "a conv with bias=False and every factor above 1": lambda op: op.id.startswith("conv")
        and op.kwargs.get("bias") is False and min(op.args) > 1 and op.args[0] > op.args[2],
        "a conv with bias=True and every factor above 1": lambda op: op.id.startswith("conv")
        and op.kwargs.get("bias") is True and min(op.args) > 1,
        "a Linear with bias=False": lambda op: op.name == "linear_parameter_count" and op.kwargs.get("bias") is False,
        "a Linear with bias=True, not the seed": lambda op: op.id.startswith("linear") and op.kwargs.get("bias") is True,
    },
    "check_ex05_count_macs": {
        "a batch of 1": lambda op: op.id != "seed" and op.kwargs["batch"] == 1,
        "a batch above 1": lambda op: op.kwargs.get("batch", 1) > 1,
        "a non-square output": lambda op: op.args[3] != op.args[4],
        "a 1x1 kernel": lambda op: op.args[2] == 1,
        "a kernel above 1, in_channels above it, batch above 1": lambda op: op.args[0] > op.args[2] > 1
        and op.kwargs.get("batch", 1) > 1,
    },
    "check_ex07_conv2d_loops": CONV_EDGES,
    "check_ex08_conv2d_unfold": CONV_EDGES,
    "check_ex09_conv_relu_from_scratch": {
        "a forward on the defaults (stride and padding left out)": lambda op: bool(op.inputs)
        and "stride" not in op.kwargs and "padding" not in op.kwargs,
        "a pre-activation with exact zeros (ReLU's gradient at 0)": lambda op: _pre_activation_has_zeros(op),
        "a stride above 1 with padding": lambda op: op.kwargs.get("stride", 1) > 1 and op.kwargs.get("padding", 0) > 0,
        "a fresh module whose initial values are reported": lambda op: op.report_values and not op.inputs,
    },
}


def _pre_activation_has_zeros(op) -> bool:
    """Whether conv(x) + bias, before the ReLU, is exactly 0 somewhere: where ReLU's gradient convention shows."""
    if not op.inputs or op.load_state is None:
        return False
    pre = F.conv2d(op.inputs[0], op.load_state["weight"], op.load_state["bias"], stride=op.kwargs.get("stride", 1),
                   padding=op.kwargs.get("padding", 0))
    return bool((pre == 0).any())


@pytest.mark.parametrize("module_name", sorted(EDGES))
def test_every_plan_asks_every_edge_case_on_every_seed(module_name):
    check = importlib.import_module(f"grader.checks.{module_name}")
    for seed in SEEDS:
        ops = check.plan(Draw(seed, check.EXERCISE))
        missing = [edge for edge, asks in EDGES[module_name].items() if not any(asks(op) for op in ops)]
        assert not missing, f"{module_name} with seed {seed!r} never asks: {missing}"


def test_ex03_asks_a_size_only_where_pytorch_has_one_and_a_value_error_only_where_it_has_none():
    """A configuration the plan calls valid that PyTorch refuses is the grader's own error on that seed,
    a correct submission's infra_error, on every run (a class of 1000 met it twice); seeds are cheap here."""
    check = importlib.import_module("grader.checks.check_ex03_output_size")
    for seed in range(5000):
        for op in check.plan(Draw(seed, check.EXERCISE)):
            assert (_size(op) >= 1) == (not op.id.startswith("invalid")), f"seed {seed}: {op.describe()}"
