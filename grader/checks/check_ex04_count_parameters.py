"""Checks for exercise 4: parameter counts, against the layers' own parameters."""

from torch import nn

from grader.checks.compare import Mistake, expect_equal
from grader.checks.plan import call

EXERCISE = "ex04_count_parameters"


def count(layer: nn.Module) -> int:
    """The oracle: build the layer without memory (meta device) and add up its parameters."""
    return sum(p.numel() for p in layer.parameters())


def plan(draw):
    ops = [call("seed_conv", "conv2d_parameter_count", 3, 8, 3),
           call("seed_linear", "linear_parameter_count", 3 * 64 * 64, 8 * 64 * 64)]
    for i in range(4):
        ops.append(call(f"conv{i}", "conv2d_parameter_count", draw.integer(1, 64), draw.integer(1, 128),
                        draw.choice([1, 3, 5, 7]), bias=draw.choice([True, False])))
    for i in range(3):
        ops.append(call(f"linear{i}", "linear_parameter_count", draw.integer(1, 5000), draw.integer(1, 5000),
                        bias=draw.choice([True, False])))
    return ops


def _conv_expected(op) -> int:
    c_in, c_out, k = op.args
    return count(nn.Conv2d(c_in, c_out, k, bias=op.kwargs.get("bias", True), device="meta"))


def _conv_mistakes(op) -> list[Mistake]:
    c_in, c_out, k = op.args
    bias = op.kwargs.get("bias", True)
    weights = c_out * c_in * k * k
    return [
        Mistake("bias forgotten", "Each output channel has one bias, unless bias=False.", lambda: weights),
        Mistake("bias counted though bias=False", "bias=False means no bias parameters.", lambda: weights + c_out),
        Mistake("one bias per input channel", "There is one bias per filter, i.e. per output channel.", lambda: weights + (c_in if bias else 0)),
        Mistake("kernel counted once", "A k x k kernel has k * k weights per input channel.", lambda: c_out * c_in * k + (c_out if bias else 0)),
        Mistake("in_channels forgotten", "Each filter spans every input channel: C_in * k * k weights.", lambda: c_out * k * k + (c_out if bias else 0)),
    ]


def _linear_expected(op) -> int:
    n_in, n_out = op.args
    return count(nn.Linear(n_in, n_out, bias=op.kwargs.get("bias", True), device="meta"))


def _linear_mistakes(op) -> list[Mistake]:
    n_in, n_out = op.args
    return [
        Mistake("bias forgotten", "A Linear layer has one bias per output, unless bias=False.", lambda: n_in * n_out),
        Mistake("bias counted though bias=False", "bias=False means no bias parameters.", lambda: n_in * n_out + n_out),
        Mistake("one bias per input", "There is one bias per output feature.", lambda: n_in * n_out + n_in),
    ]


def test_seed_conv_has_224_parameters(run):
    op = run.ops["seed_conv"]
    expect_equal(run.value("seed_conv"), _conv_expected(op), op.describe(), _conv_mistakes(op))


def test_conv_counts_match_pytorch(run):
    for op_id, op in run.ops.items():
        if op_id.startswith("conv"):
            expect_equal(run.value(op_id), _conv_expected(op), op.describe(), _conv_mistakes(op))


def test_fully_connected_equivalent_has_402685952_parameters(run):
    """Weight sharing, in numbers: 224 against 402,685,952 for the same input and output sizes."""
    op = run.ops["seed_linear"]
    expect_equal(run.value("seed_linear"), _linear_expected(op), op.describe(), _linear_mistakes(op))


def test_linear_counts_match_pytorch(run):
    for op_id, op in run.ops.items():
        if op_id.startswith("linear"):
            expect_equal(run.value(op_id), _linear_expected(op), op.describe(), _linear_mistakes(op))
