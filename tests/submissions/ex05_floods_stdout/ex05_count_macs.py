"""Right answers, but tens of megabytes of output: the grader keeps a little and carries on."""

import sys

sys.stdout.write("FLOOD" * 6_000_000)  # 30 MB
sys.stdout.flush()


def conv2d_macs(in_channels: int, out_channels: int, kernel_size: int, out_height: int, out_width: int,
                batch: int = 1) -> int:
    print("debug:", in_channels, out_channels, kernel_size, out_height, out_width, batch)
    return in_channels * kernel_size * kernel_size * batch * out_channels * out_height * out_width
