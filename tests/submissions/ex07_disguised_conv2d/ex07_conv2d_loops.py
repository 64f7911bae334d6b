"""Cheats on purpose: the forbidden call hidden behind a computed attribute name."""

import torch.nn.functional as F


def conv2d_loops(x, weight, bias=None, stride=1, padding=0):
    conv = getattr(F, "conv" + "2d")
    return conv(x, weight, bias, stride=stride, padding=padding)
