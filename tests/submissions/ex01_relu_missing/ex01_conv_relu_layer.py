"""Wrong on purpose: the ReLU is registered but forward never applies it."""

import torch
from torch import nn


class ConvReLU(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)  # (N, 8, H, W), negatives kept
