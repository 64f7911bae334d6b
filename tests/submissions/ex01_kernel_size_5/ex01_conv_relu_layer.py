"""Exercise 1: the basic CNN block, built from PyTorch's layers."""

import torch
from torch import nn


class ConvReLU(nn.Module):
    """Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1) followed by ReLU.

    Register the convolution as `self.conv` and the activation as `self.relu`.
    forward takes x of shape (N, 3, H, W) and returns (N, 8, H, W): padding=1 keeps
    H and W for a 3x3 kernel at stride 1. The seed input is (1, 3, 64, 64).
    Allowed: torch.nn layers. Forbidden: nothing.
    """

    def __init__(self) -> None:
        super().__init__()
        # 3 colour channels in, 8 learned filters out; padding=1 gives a "same" output for k=3.
        self.conv = nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=1)
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply the conv, then the ReLU: (N, 3, H, W) -> (N, 8, H, W)."""
        # The activation comes after the linear map; before it, it would only clip the input.
        return self.relu(self.conv(x))  # (N, 8, H, W)
