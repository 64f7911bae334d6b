"""Wrong on purpose: the seed's Linear comparison answered with the conv's own count."""


def conv2d_parameter_count(in_channels: int, out_channels: int, kernel_size: int, bias: bool = True) -> int:
    return out_channels * in_channels * kernel_size * kernel_size + (out_channels if bias else 0)


def linear_parameter_count(in_features: int, out_features: int, bias: bool = True) -> int:
    if (in_features, out_features) == (3 * 64 * 64, 8 * 64 * 64):
        return conv2d_parameter_count(3, 8, 3)  # "same input, same output, same layer"
    return in_features * out_features + (out_features if bias else 0)
