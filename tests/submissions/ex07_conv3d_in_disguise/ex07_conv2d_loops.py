"""Cheats on purpose: a 2-D convolution done by PyTorch's 3-D one, which the catalog does not list."""

import torch.nn.functional as F


def conv2d_loops(x, weight, bias=None, stride=1, padding=0):
    out = F.conv3d(x.unsqueeze(2), weight.unsqueeze(2), bias, stride=(1, stride, stride), padding=(0, padding, padding))
    return out.squeeze(2)
