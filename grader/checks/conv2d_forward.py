"""Checks shared by exercises 7 and 8: a from-scratch conv2d forward against F.conv2d.

Each check module names its function and calls make_tests(); the tests it returns are
ordinary pytest tests with behaviour names.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.checks.compare import Mistake, expect_close
from grader.checks.plan import call

# (case id, N, C_in, H, W, C_out, K, stride, padding, with bias)
SMALL_CASES = [
    ("plain", 2, 3, 7, 7, 4, 3, 1, 0, True),
    ("padded", 2, 3, 8, 8, 4, 3, 1, 1, True),
    ("strided", 1, 3, 9, 9, 4, 3, 2, 1, True),
    ("rectangular_kernel_5", 2, 2, 9, 11, 3, 5, 2, 2, True),
    ("no_bias", 1, 3, 6, 6, 2, 3, 1, 1, False),
]
SEED_CASE = ("seed_layer", 1, 3, 64, 64, 8, 3, 1, 1, True)


def plan_for(function: str, draw, with_seed_case: bool):
    ops = []
    for case in SMALL_CASES + ([SEED_CASE] if with_seed_case else []):
        name, n, c_in, h, w, c_out, k, stride, padding, has_bias = case
        x, weight = draw.normal(n, c_in, h, w), draw.normal(c_out, c_in, k, k) * 0.5
        bias = draw.normal(c_out) if has_bias else None
        ops.append(call(name, function, x, weight, bias, stride=stride, padding=padding))
    return ops


def mistakes(x, weight, bias, stride, padding, right: torch.Tensor) -> list[Mistake]:
    """Known wrong answers, each computed only if a wrong result is tried against it."""
    conv = lambda **kw: F.conv2d(**{"input": x, "weight": weight, "bias": bias, "stride": stride, "padding": padding, **kw})
    return [
        Mistake("kernel flipped", "nn.Conv2d computes a cross-correlation: slide the kernel as it is, unflipped.",
                lambda: conv(weight=weight.flip(-1, -2))),
        Mistake("padding missing", "Zero-pad the input by `padding` pixels on all four sides first.", lambda: conv(padding=0)),
        Mistake("bias missing", "Add bias[c] to every position of output channel c.", lambda: conv(bias=None)),
        Mistake("stride ignored", "Output position i reads the window starting at i * stride.", lambda: conv(stride=1)),
        Mistake("channels-last layout", "Return (N, C_out, H_out, W_out), channels before height and width.",
                lambda: right.permute(0, 2, 3, 1)),
        Mistake("missing batch dimension", "Keep the batch dimension N, even when N = 1.", lambda: right[0] if right.shape[0] == 1 else None),
        Mistake("ReLU applied", "This function is the convolution alone; the ReLU comes after it, elsewhere.", lambda: torch.relu(right)),
        Mistake("padding on one side only", "Pad the top and the bottom, the left and the right.",
                lambda: F.conv2d(F.pad(x, (padding, 0, padding, 0)), weight, bias, stride=stride)),
    ]


def make_tests(function: str, cases: list[str]) -> dict:
    def check(run, case: str) -> None:
        op = run.ops[case]
        x, weight, bias = (a.to(run.device) if a is not None else None for a in op.args)
        stride, padding = op.kwargs["stride"], op.kwargs["padding"]
        expected = F.conv2d(x, weight, bias, stride=stride, padding=padding)
        expect_close(run.value(case), expected, op.describe(), mistakes(x, weight, bias, stride, padding, expected))

    def make(case: str):
        def test(run):
            check(run, case)

        test.__name__ = f"test_{case}_matches_f_conv2d"
        test.__doc__ = f"{function} equals F.conv2d on the {case.replace('_', ' ')} case."
        return test

    return {f"test_{case}_matches_f_conv2d": make(case) for case in cases}
