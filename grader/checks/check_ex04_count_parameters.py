"""Checks for exercise 4: parameter counts, against the layers' own parameters.

The seed layer's counts are the answers the exercise asks for: a wrong one is told how it
relates to the right one ("short by exactly the biases"), never the right one, and the check
names carry no count (shared/DESIGN.md, principle 10). The random layers, drawn anew for each
submission, show their expected count: it teaches the formula and answers nothing asked.
"""

import functools

from torch import nn

from grader.checks import diagnose, teach
from grader.checks.compare import FLOAT_ADVICE, FLOAT_COUNT, Mistake, expect_equal
from grader.checks.plan import call

EXERCISE = "ex04_count_parameters"


def float_count(answer) -> Mistake:
    return Mistake(FLOAT_COUNT, FLOAT_ADVICE, answer)


def count(layer: nn.Module) -> int:
    """The oracle: build the layer without memory (meta device) and add up its parameters."""
    return sum(p.numel() for p in layer.parameters())


def plan(draw):
    """Random layers, with bias=False and bias=True both asked on every draw, for the conv and the Linear,
    and convs whose every factor is above 1."""
    seed_conv = call("seed_conv", "conv2d_parameter_count", 3, 8, 3)
    ops = [seed_conv, call("seed_linear", "linear_parameter_count", 3 * 64 * 64, 8 * 64 * 64)]
    for i, bias in enumerate([False, True, draw.choice([True, False]), draw.choice([True, False])]):
        while True:  # a random layer with the seed's count would show that count as its expected value
            # The first two have every factor above 1 (a factor of 1 hides a factor forgotten) and
            # in_channels > kernel_size (equal, "kernel counted once" and "in_channels forgotten" agree).
            op = call(f"conv{i}", "conv2d_parameter_count", draw.integer(8 if i < 2 else 1, 64),
                      draw.integer(2 if i < 2 else 1, 128),
                      draw.choice([3, 5, 7] if i < 2 else [1, 3, 5, 7]), bias=bias)
            if _conv_expected(op) != _conv_expected(seed_conv):
                break
        ops.append(op)
    for i, bias in enumerate([False, True, draw.choice([True, False])]):
        ops.append(call(f"linear{i}", "linear_parameter_count", draw.integer(2, 5000), draw.integer(2, 5000),
                        bias=bias))
    return ops


def _conv_expected(op) -> int:
    c_in, c_out, k = op.args
    return _conv_count(c_in, c_out, k, op.kwargs.get("bias", True))


@functools.lru_cache(maxsize=4096)
def _conv_count(c_in: int, c_out: int, k: int, bias: bool) -> int:
    """Kept per layer: the plan asks the seed's count on every draw, and each check asks its layer's again
    (a Conv2d's construction, even on the meta device, costs more than all the rest of the count)."""
    return count(nn.Conv2d(c_in, c_out, k, bias=bias, device="meta"))


def _conv_mistakes(op) -> list[Mistake]:
    c_in, c_out, k = op.args
    bias = op.kwargs.get("bias", True)
    weights = c_out * c_in * k * k
    biases = c_out if bias else 0
    return [
        Mistake("bias forgotten", "Your count is short by exactly the biases: each output channel has one bias, "
                "unless bias=False.", lambda: weights),
        Mistake("bias counted though bias=False", "Your count is over by exactly the biases: bias=False means "
                "no bias parameters.", lambda: weights + c_out),
        Mistake("one bias per input channel", "Your count has one bias per input channel: there is one bias per "
                "filter, i.e. per output channel.", lambda: weights + (c_in if bias else 0)),
        Mistake("kernel counted once", "Your weights are short by a factor of k: a k x k kernel has k * k weights "
                "per input channel.", lambda: c_out * c_in * k + biases),
        Mistake("in_channels forgotten", "Your weights are short by a factor of C_in: each filter spans every "
                "input channel, C_in * k * k weights.", lambda: c_out * k * k + biases),
        Mistake("out_channels forgotten", "Your count is one filter's: there is one filter, and one bias, per "
                "output channel.", lambda: c_in * k * k + (1 if bias else 0)),
        float_count(lambda: float(weights + biases)),
    ]


def _linear_expected(op) -> int:
    n_in, n_out = op.args
    return count(nn.Linear(n_in, n_out, bias=op.kwargs.get("bias", True), device="meta"))


def _linear_mistakes(op) -> list[Mistake]:
    n_in, n_out = op.args
    bias = op.kwargs.get("bias", True)
    return [
        Mistake("bias forgotten", "Your count is short by exactly the biases: a Linear layer has one bias per "
                "output, unless bias=False.", lambda: n_in * n_out),
        Mistake("bias counted though bias=False", "Your count is over by exactly the biases: bias=False means "
                "no bias parameters.", lambda: n_in * n_out + n_out),
        Mistake("one bias per input", "Your count has one bias per input feature: there is one per output feature.",
                lambda: n_in * n_out + (n_in if bias else 0)),
        Mistake("sizes added", "Your count adds the sizes: every output is connected to every input, so the "
                "weights multiply them.", lambda: n_in + n_out + (n_out if bias else 0)),
        float_count(lambda: float(n_in * n_out + (n_out if bias else 0))),
    ]


def _seed_linear_mistakes(op) -> list[Mistake]:
    """The seed comparison's own slip: the conv's count given for the layer that shares nothing."""
    conv = call("seed_conv", "conv2d_parameter_count", 3, 8, 3)
    return _linear_mistakes(op) + [
        Mistake("weight sharing assumed", "That is the seed conv's count: a fully connected layer shares nothing, "
                "every output has its own weight for every input.", lambda: _conv_expected(conv))]


def _explained(run, op_id: str, kind: str) -> list[Mistake]:
    """The mistakes that explain every count of this kind the submission gave (diagnose.py)."""
    seed = f"seed_{kind}"
    group = [seed] + [i for i in run.ops if i.startswith(kind) and i[len(kind):].isdigit()]
    if kind == "conv":
        mistakes_of, expected_of = _conv_mistakes, _conv_expected
    else:  # weight sharing assumed is the seed comparison's own slip
        mistakes_of = lambda op: _seed_linear_mistakes(op) if op.id == seed else _linear_mistakes(op)
        expected_of = _linear_expected
    return diagnose.explained(run, op_id, group, lambda i: mistakes_of(run.ops[i]), lambda i: expected_of(run.ops[i]),
                              diagnose.plain_agrees)


def test_seed_conv_count(run):
    op = run.ops["seed_conv"]
    teach.expect_count(run.value("seed_conv"), _conv_expected(op), op.describe(), _explained(run, "seed_conv", "conv"),
                       EXERCISE, 2,
                       "Count one filter's weights (it spans every input channel), then the filters, then the biases.")


def test_conv_counts_match_pytorch(run):
    for op_id, op in run.ops.items():
        if op_id.startswith("conv"):
            expect_equal(run.value(op_id), _conv_expected(op), op.describe(), _explained(run, op_id, "conv"))


def test_fully_connected_equivalent_count(run):
    """Weight sharing, in numbers: the seed conv against a Linear layer with the same input and output sizes."""
    op = run.ops["seed_linear"]
    teach.expect_count(run.value("seed_linear"), _linear_expected(op), op.describe(),
                       _explained(run, "seed_linear", "linear"), EXERCISE, 3, "How many inputs is each output connected to, and how many outputs are there?")


def test_linear_counts_match_pytorch(run):
    for op_id, op in run.ops.items():
        if op_id.startswith("linear"):
            expect_equal(run.value(op_id), _linear_expected(op), op.describe(), _explained(run, op_id, "linear"))
