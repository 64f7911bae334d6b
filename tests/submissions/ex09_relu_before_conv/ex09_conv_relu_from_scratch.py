"""Wrong on purpose: the ReLU clips the input, before the conv."""

import math

import torch
import torch.nn.functional as F
from torch import nn


class ConvReLUScratch(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0):
        super().__init__()
        self.stride, self.padding, self.kernel_size = stride, padding, kernel_size
        bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound))

    def forward(self, x):
        n, _, h, w = x.shape
        c_out = self.weight.shape[0]
        k, s, p = self.kernel_size, self.stride, self.padding
        h_out, w_out = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        x = torch.where(x > 0, x, torch.zeros_like(x))  # the ReLU, in the wrong place
        cols = F.unfold(x, kernel_size=k, padding=p, stride=s)
        out = self.weight.view(c_out, -1) @ cols + self.bias.view(1, c_out, 1)
        return out.view(n, c_out, h_out, w_out)
