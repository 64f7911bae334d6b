"""Wrong on purpose: the biases are counted even when bias=False."""


def conv2d_parameter_count(in_channels: int, out_channels: int, kernel_size: int, bias: bool = True) -> int:
    return out_channels * in_channels * kernel_size * kernel_size + out_channels


def linear_parameter_count(in_features: int, out_features: int, bias: bool = True) -> int:
    return in_features * out_features + out_features
