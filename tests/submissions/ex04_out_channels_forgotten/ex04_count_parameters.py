"""Wrong on purpose: one filter counted, not one per output channel."""


def conv2d_parameter_count(in_channels: int, out_channels: int, kernel_size: int, bias: bool = True) -> int:
    return in_channels * kernel_size * kernel_size + (1 if bias else 0)


def linear_parameter_count(in_features: int, out_features: int, bias: bool = True) -> int:
    return in_features * out_features + (out_features if bias else 0)
