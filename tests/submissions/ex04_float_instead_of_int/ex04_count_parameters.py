"""Wrong on purpose: math.pow returns a float, so the conv count is 224.0, not 224."""

import math


def conv2d_parameter_count(in_channels: int, out_channels: int, kernel_size: int, bias: bool = True) -> int:
    return out_channels * in_channels * math.pow(kernel_size, 2) + (out_channels if bias else 0)


def linear_parameter_count(in_features: int, out_features: int, bias: bool = True) -> int:
    return in_features * out_features + (out_features if bias else 0)
