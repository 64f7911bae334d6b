"""Wrong on purpose: a loop that never ends."""


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    out, position = 0, 0
    while position + kernel_size <= size + 2 * padding:
        out += 1  # forgot: position += stride
    return out
