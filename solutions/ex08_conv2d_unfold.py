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
    ### BEGIN SOLUTION
    n, _, h, w = x.shape
    c_out, _, k, _ = weight.shape
    h_out = (h + 2 * padding - k) // stride + 1
    w_out = (w + 2 * padding - k) // stride + 1
    cols = F.unfold(x, kernel_size=k, padding=padding, stride=stride)  # (N, C_in*K*K, H_out*W_out)
    # unfold orders each column (C_in, K, K), the same order as weight.view(C_out, -1).
    out = weight.view(c_out, -1) @ cols  # (N, C_out, H_out*W_out)
    if bias is not None:
        out = out + bias.view(1, c_out, 1)
    return out.view(n, c_out, h_out, w_out)  # (N, C_out, H_out, W_out)
    ### END SOLUTION
