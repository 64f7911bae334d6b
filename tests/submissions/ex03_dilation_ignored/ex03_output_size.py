"""Wrong on purpose: the kernel's span ignores the dilation."""


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    span = kernel_size
    out = (size + 2 * padding - span) // stride + 1
    if out < 1:
        raise ValueError(f"the kernel spans {span} pixels, more than the padded input")
    return out
