"""Checks for exercise 5: multiply-accumulates, counted from the layer and its output."""

import torch
from torch import nn

from grader.checks.compare import Mistake, expect_equal
from grader.checks.plan import call

EXERCISE = "ex05_count_macs"


def macs(c_in: int, c_out: int, k: int, h_out: int, w_out: int, batch: int) -> int:
    """The oracle: one MAC per weight of the layer per output position it produces."""
    layer = nn.Conv2d(c_in, c_out, k, device="meta")
    out = layer(torch.empty(batch, c_in, h_out + k - 1, w_out + k - 1, device="meta"))  # (N, C_out, H_out, W_out)
    return layer.weight.numel() * out.shape[0] * out.shape[2] * out.shape[3]


def plan(draw):
    ops = [call("seed", "conv2d_macs", 3, 8, 3, 64, 64)]
    for i in range(4):
        ops.append(call(f"config{i}", "conv2d_macs", draw.integer(1, 32), draw.integer(1, 64), draw.choice([1, 3, 5]),
                        draw.integer(1, 100), draw.integer(1, 100), batch=draw.integer(1, 16)))
    return ops


def _args(op):
    return (*op.args, op.kwargs.get("batch", 1))


def _mistakes(c_in, c_out, k, h, w, n) -> list[Mistake]:
    right = c_in * k * k * c_out * h * w * n
    return [
        Mistake("bias additions counted", "Bias additions are not multiply-accumulates.", lambda: right + n * c_out * h * w),
        Mistake("FLOPs instead of MACs", "A MAC is one multiply and one add together: do not count them twice.", lambda: 2 * right),
        Mistake("batch ignored", "Every image in the batch costs the same again.", lambda: right // n if n > 1 else -1),
        Mistake("in_channels forgotten", "Each output sums over every input channel.", lambda: right // c_in if c_in > 1 else -1),
        Mistake("kernel counted once", "A k x k kernel has k * k taps.", lambda: right // k if k > 1 else -1),
    ]


def test_seed_layer_costs_884736_macs(run):
    op = run.ops["seed"]
    expect_equal(run.value("seed"), macs(*_args(op)), op.describe(), _mistakes(*_args(op)))


def test_matches_the_layer_on_random_configurations(run):
    for op_id, op in run.ops.items():
        if op_id.startswith("config"):
            expect_equal(run.value(op_id), macs(*_args(op)), op.describe(), _mistakes(*_args(op)))
