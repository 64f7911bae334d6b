"""Checks shared by exercises 7 and 8: a from-scratch conv2d forward against F.conv2d.

Each check module names its function and calls make_tests(); the tests it returns are
ordinary pytest tests with behaviour names.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.checks import diagnose
from grader.checks.compare import Mistake, expect_close
from grader.checks.plan import call

# (case id, N, C_in, H, W, C_out, K, stride, padding, with bias). Between them the cases ask every edge a
# from-scratch conv trips on: a batch above 1, a non-square image, a stride that does not divide the padded
# size (the last partial window is dropped), padding with a stride, and no bias.
SMALL_CASES = [
    ("plain", 2, 3, 7, 7, 4, 3, 1, 0, True),
    ("padded", 2, 3, 8, 8, 4, 3, 1, 1, True),
    ("strided", 1, 3, 9, 9, 4, 3, 2, 1, True),
    ("rectangular_image_kernel_5", 2, 2, 9, 11, 3, 5, 2, 2, True),
    ("stride_not_dividing", 2, 2, 10, 8, 3, 3, 2, 1, True),
    ("no_bias", 1, 3, 6, 6, 2, 3, 1, 1, False),
]
SEED_CASE = ("seed_layer", 1, 3, 64, 64, 8, 3, 1, 1, True)
DEFAULTS_CASE = "plain"  # called without stride and padding: the signature's defaults (1, 0) are part of the answer


def plan_for(function: str, draw, with_seed_case: bool):
    ops = []
    for case in SMALL_CASES + ([SEED_CASE] if with_seed_case else []):
        name, n, c_in, h, w, c_out, k, stride, padding, has_bias = case
        x, weight = draw.normal(n, c_in, h, w), draw.normal(c_out, c_in, k, k) * 0.5
        bias = draw.normal(c_out) if has_bias else None
        kwargs = {} if name == DEFAULTS_CASE else {"stride": stride, "padding": padding}
        ops.append(call(name, function, x, weight, bias, **kwargs))
    return ops


def mistakes(x, weight, bias, stride, padding, right: torch.Tensor) -> list[Mistake]:
    """Known wrong answers, each computed only if a wrong result is tried against it."""
    conv = lambda **kw: F.conv2d(**{"input": x, "weight": weight, "bias": bias, "stride": stride, "padding": padding, **kw})
    h_out, w_out = right.shape[-2:]
    return [
        Mistake("kernel flipped", "nn.Conv2d computes a cross-correlation: slide the kernel as it is, unflipped.",
                lambda: conv(weight=weight.flip(-1, -2))),
        Mistake("padding missing", "Zero-pad the input by `padding` pixels on all four sides first.", lambda: conv(padding=0)),
        Mistake("bias missing", "Add bias[c] to every position of output channel c.", lambda: conv(bias=None)),
        Mistake("stride ignored", "Output position i reads the window starting at i * stride.", lambda: conv(stride=1)),
        Mistake("stride ignored in the window's start", "The output size is right, but output position i must "
                "read the window starting at i * stride, not at i.", lambda: conv(stride=1)[:, :, :h_out, :w_out]),
        Mistake("off by one in the output size", "H_out = (H + 2 * padding - K) // stride + 1: count the window "
                "positions, the + 1 included.", lambda: right[:, :, :-1, :-1]),
        Mistake("channels-last layout", "Return (N, C_out, H_out, W_out), channels before height and width.",
                lambda: right.permute(0, 2, 3, 1)),
        Mistake("channel axis not moved back before the view", "The matmul gave (N, L, C_out): transpose it to "
                "(N, C_out, L) before viewing it as (N, C_out, H_out, W_out); a view never moves values between axes.",
                lambda: right.flatten(2).transpose(1, 2).reshape(right.shape)),
        Mistake("missing batch dimension", "Keep the batch dimension N, even when N = 1.", lambda: right[0] if right.shape[0] == 1 else None),
        Mistake("ReLU applied", "This function is the convolution alone; the ReLU comes after it, elsewhere.", lambda: torch.relu(right)),
        Mistake("padding on one side only", "Pad the top and the bottom, the left and the right.",
                lambda: F.conv2d(F.pad(x, (padding, 0, padding, 0)), weight, bias, stride=stride)),
    ]


def make_tests(function: str, cases: list[str]) -> dict:
    def reference(run, case: str) -> tuple:
        """(expected output, known wrong answers) of one case, computed once per run."""
        def compute():
            op = run.ops[case]
            x, weight, bias = (a.to(run.device) if a is not None else None for a in op.args)
            stride, padding = op.kwargs.get("stride", 1), op.kwargs.get("padding", 0)
            expected = F.conv2d(x, weight, bias, stride=stride, padding=padding)
            return expected, mistakes(x, weight, bias, stride, padding, expected)

        return run.once(f"reference:{case}", compute)

    def check(run, case: str) -> None:
        op = run.ops[case]
        expected, _ = reference(run, case)
        named = diagnose.explained(run, case, run.ops, lambda c: reference(run, c)[1], lambda c: reference(run, c)[0],
                                   diagnose.tensor_agrees(run.device.type))
        expect_close(run.value(case), expected, op.describe(), named)

    def make(case: str):
        def test(run):
            check(run, case)

        test.__name__ = f"test_{case}_matches_f_conv2d"
        test.__doc__ = f"{function} equals F.conv2d on the {case.replace('_', ' ')} case."
        return test

    return {f"test_{case}_matches_f_conv2d": make(case) for case in cases}
