"""Wrong on purpose: one image counted, whatever the batch."""


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    return in_channels * kernel_size * kernel_size * out_channels * out_height * out_width
