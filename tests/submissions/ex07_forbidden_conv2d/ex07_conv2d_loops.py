"""Cheats on purpose: calls the convolution the exercise asks to write."""

import torch.nn.functional as F


def conv2d_loops(x, weight, bias=None, stride=1, padding=0):
    return F.conv2d(x, weight, bias, stride=stride, padding=padding)
