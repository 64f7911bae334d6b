"""Wrong on purpose: ends the process at import with sys.exit."""

import sys

sys.exit(0)


def conv2d_macs(in_channels, out_channels, kernel_size, out_height, out_width, batch=1):
    return in_channels * kernel_size * kernel_size * batch * out_channels * out_height * out_width
