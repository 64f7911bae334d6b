"""Exercise 8: conv2d forward, vectorised with unfold and a matrix multiply (the challenge)."""

import torch
import torch.nn.functional as F


def conv2d_unfold(
    x: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    stride: int = 1,
    padding: int = 0,
) -> torch.Tensor:
    """Return the same result as conv2d_loops, vectorised: no Python loop at all.

    x: (N, C_in, H, W); weight: (C_out, C_in, K, K); bias: (C_out,) or None.
    Returns (N, C_out, H_out, W_out). Hint of the method: every window becomes a column
    (torch.nn.functional.unfold), and one matrix multiply applies all filters to all columns.
    Forbidden: Python loops (for, while, comprehensions): unfold and one matmul do it all.
    Forbidden: PyTorch's convolution routines (F.conv2d, torch.conv2d, nn.Conv2d, ...).
    """
    raise NotImplementedError("conv2d_unfold: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex08")
