"""Checks for exercise 5: multiply-accumulates, counted from the layer and its output.

The seed layer's count is the answer the exercise asks for: a wrong one is told how it relates
to the right one ("twice the right one: FLOPs counted"), never the right one, and the check's
name carries no count (shared/DESIGN.md, principle 10). The random configurations, drawn anew
for each submission, show their expected count: it teaches the formula and answers nothing asked.
"""

import functools

import torch
from torch import nn

from grader.checks import diagnose, teach
from grader.checks.compare import FLOAT_ADVICE, FLOAT_COUNT, Mistake, expect_equal
from grader.checks import shapes
from grader.checks.plan import call

EXERCISE = "ex05_count_macs"


@functools.lru_cache(maxsize=4096)  # the plan asks the seed's count on every draw, each check its op's again
def macs(c_in: int, c_out: int, k: int, h_out: int, w_out: int, batch: int) -> int:
    """The oracle: one MAC per weight of the layer per output position it produces."""
    layer = nn.Conv2d(c_in, c_out, k)
    n, _, h, w = shapes.after([layer], batch, c_in, h_out + k - 1, w_out + k - 1)  # (N, C_out, H_out, W_out)
    return layer.weight.numel() * n * h * w


def plan(draw):
    seed = call("seed", "conv2d_macs", 3, 8, 3, 64, 64)
    ops = [seed]
    # Every draw asks a batch of 1 and one above 1, a non-square output, a 1x1 kernel, and a kernel above 1
    # with in_channels above k (equal, "kernel counted once" and "in_channels forgotten" agree).
    edges = [dict(batch=1), dict(batch=draw.integer(2, 16), square=False, k=draw.choice([3, 5]),
                                 c_in=draw.integer(6, 32)), dict(k=1), {}]
    for i, edge in enumerate(edges):
        while True:  # a configuration with the seed's count would show that count as its expected value
            h = draw.integer(1, 100)
            w = draw.integer(1, 100) if edge.get("square", True) else h + draw.integer(1, 30)
            op = call(f"config{i}", "conv2d_macs", edge.get("c_in", draw.integer(1, 32)), draw.integer(1, 64),
                      edge.get("k", draw.choice([1, 3, 5])), h, w, batch=edge.get("batch", draw.integer(1, 16)))
            if macs(*_args(op)) != macs(*_args(seed)):
                break
        ops.append(op)
    return ops


def _args(op):
    return (*op.args, op.kwargs.get("batch", 1))


def _mistakes(c_in, c_out, k, h, w, n) -> list[Mistake]:
    right = c_in * k * k * c_out * h * w * n
    return [
        Mistake("bias additions counted", "Your count is over by one addition per output element: bias additions "
                "are not multiply-accumulates.", lambda: right + n * c_out * h * w),
        Mistake("FLOPs instead of MACs", "Your count is twice the right one: a MAC is one multiply and one add "
                "together, so count it once, not as two FLOPs.", lambda: 2 * right),
        Mistake("batch ignored", "Your count is short by a factor of the batch size: every image in the batch "
                "costs the same again.", lambda: right // n),
        Mistake("in_channels forgotten", "Your count is short by a factor of C_in: each output element sums over "
                "every input channel.", lambda: right // c_in),
        Mistake("kernel counted once", "Your count is short by a factor of k: a k x k kernel has k * k taps.",
                lambda: right // k),
        Mistake("kernel taps left out", "Your count is short by a factor of k * k: each output element reads a "
                "k x k window of every input channel.", lambda: right // (k * k)),
        Mistake("one output position counted", "Your count is the number of weights: each weight is used once per "
                "output position, in every image.", lambda: c_in * k * k * c_out),
        Mistake("parameters counted", "Your count is the layer's parameter count: MACs count each weight once per "
                "output position, and the biases not at all.", lambda: c_in * k * k * c_out + c_out),
        Mistake(FLOAT_COUNT, FLOAT_ADVICE, lambda: float(right)),
    ]


def _explained(run, op_id) -> list[Mistake]:
    """The mistakes that explain every count this submission gave (diagnose.py)."""
    group = [i for i in run.ops if i == "seed" or i.startswith("config")]
    return diagnose.explained(run, op_id, group, lambda i: _mistakes(*_args(run.ops[i])),
                              lambda i: macs(*_args(run.ops[i])), diagnose.plain_agrees)


def test_seed_layer_macs(run):
    op = run.ops["seed"]
    teach.expect_count(run.value("seed"), macs(*_args(op)), op.describe(), _explained(run, "seed"), EXERCISE, 2,
                       "One output element is a dot product of one filter with one window: how many multiplies "
                       "is that, and how many output elements are there?")


def test_matches_the_layer_on_random_configurations(run):
    for op_id, op in run.ops.items():
        if op_id.startswith("config"):
            expect_equal(run.value(op_id), macs(*_args(op)), op.describe(), _explained(run, op_id))
