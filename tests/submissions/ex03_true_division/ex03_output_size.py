"""Wrong on purpose: / instead of //, so the size is a float and a partial window is counted in part."""


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    span = dilation * (kernel_size - 1) + 1
    out = (size + 2 * padding - span) / stride + 1
    if out < 1:
        raise ValueError(f"output size would be {out}")
    return out
