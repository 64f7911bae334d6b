"""Wrong on purpose: the layer's parameters counted instead of its MACs."""


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    return in_channels * kernel_size * kernel_size * out_channels + out_channels
