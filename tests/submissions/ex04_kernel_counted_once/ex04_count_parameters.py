"""Wrong on purpose: a k x k kernel counted as k weights."""


def conv2d_parameter_count(in_channels: int, out_channels: int, kernel_size: int, bias: bool = True) -> int:
    return out_channels * in_channels * kernel_size + (out_channels if bias else 0)


def linear_parameter_count(in_features: int, out_features: int, bias: bool = True) -> int:
    return in_features * out_features + (out_features if bias else 0)
