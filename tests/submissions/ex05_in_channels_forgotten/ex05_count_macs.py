"""Wrong on purpose: each output element sums over one input channel only."""


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    return kernel_size * kernel_size * batch * out_channels * out_height * out_width
