"""Wrong on purpose: a partial window at the end is kept (ceil) instead of dropped (floor)."""

import math


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    span = dilation * (kernel_size - 1) + 1
    if size + 2 * padding < span:
        raise ValueError(f"the kernel spans {span} pixels, more than the padded input")
    return math.ceil((size + 2 * padding - span) / stride) + 1
