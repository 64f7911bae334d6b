"""Wrong on purpose: the weights counted once, not once per output position."""


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    return in_channels * kernel_size * kernel_size * out_channels
