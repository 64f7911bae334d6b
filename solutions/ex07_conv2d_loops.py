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
    ### BEGIN SOLUTION
    n, c_in, h, w = x.shape
    c_out, _, k, _ = weight.shape
    x = F.pad(x, (padding, padding, padding, padding))  # (N, C_in, H + 2p, W + 2p), zeros
    h_out = (h + 2 * padding - k) // stride + 1
    w_out = (w + 2 * padding - k) // stride + 1
    out = x.new_zeros(n, c_out, h_out, w_out)  # (N, C_out, H_out, W_out)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride : i * stride + k, j * stride : j * stride + k]  # (N, C_in, K, K)
            # Cross-correlation: the kernel is NOT flipped, unlike the textbook convolution.
            out[:, :, i, j] = torch.einsum("nchw,ochw->no", window, weight)
    if bias is not None:
        out += bias.view(1, c_out, 1, 1)  # one bias per output channel, broadcast over positions
    return out
    ### END SOLUTION
