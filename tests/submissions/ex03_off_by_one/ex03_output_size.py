"""Wrong on purpose: the + 1 of the size formula is missing."""


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    span = dilation * (kernel_size - 1) + 1
    out = (size + 2 * padding - span) // stride
    if out < 0:
        raise ValueError(f"the kernel spans {span} pixels, more than the padded input")
    return out
