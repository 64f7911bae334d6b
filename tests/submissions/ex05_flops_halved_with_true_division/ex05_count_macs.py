"""Wrong on purpose: FLOPs halved with /, so the right count comes back as a float."""


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    flops = 2 * in_channels * kernel_size * kernel_size * batch * out_channels * out_height * out_width
    return flops / 2
