"""Wrong on purpose: a k x k kernel counted as k taps."""


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    return in_channels * kernel_size * batch * out_channels * out_height * out_width
