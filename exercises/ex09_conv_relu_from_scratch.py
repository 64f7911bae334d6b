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
        raise NotImplementedError("ConvReLUScratch.__init__: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex09")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C_in, H, W) -> (N, C_out, H_out, W_out), the conv then the ReLU."""
        raise NotImplementedError("ConvReLUScratch.forward: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex09")
