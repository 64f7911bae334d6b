"""Wrong on purpose: only a negative size raises, so an output of exactly 0 is returned as a size."""


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    span = dilation * (kernel_size - 1) + 1
    out = (size + 2 * padding - span) // stride + 1
    if out < 0:
        raise ValueError(f"output size would be {out}")
    return out
