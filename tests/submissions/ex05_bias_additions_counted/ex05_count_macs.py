"""Wrong on purpose: each bias addition counted as a MAC."""


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    outputs = batch * out_channels * out_height * out_width
    return in_channels * kernel_size * kernel_size * outputs + outputs
