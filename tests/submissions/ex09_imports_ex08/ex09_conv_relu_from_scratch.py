"""Wrong on purpose: reuses the learner's own ex08 function by importing it, as if the files sat together."""

import torch
from torch import nn

from ex08_conv2d_unfold import conv2d_unfold


class ConvReLUScratch(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.stride, self.padding = stride, padding

    def forward(self, x):
        out = conv2d_unfold(x, self.weight, self.bias, self.stride, self.padding)
        return out * (out > 0)
