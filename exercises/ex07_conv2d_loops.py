"""Exercise 7: conv2d forward with loops: the runnable spec of what nn.Conv2d computes."""

import torch
import torch.nn.functional as F


def conv2d_loops(
    x: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    stride: int = 1,
    padding: int = 0,
) -> torch.Tensor:
    """Return the 2-D cross-correlation of x with weight, as nn.Conv2d computes it (no ReLU).

    x: (N, C_in, H, W); weight: (C_out, C_in, K, K); bias: (C_out,) or None.
    Returns (N, C_out, H_out, W_out) with H_out = (H + 2 * padding - K) // stride + 1.
    Zero padding on all four sides. Loops over output positions are expected here.
    Forbidden: PyTorch's convolution routines (F.conv2d, torch.conv2d, nn.Conv2d, ...).
    """
    raise NotImplementedError("conv2d_loops: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex07")
