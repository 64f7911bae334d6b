"""Exercise 5: the compute cost of a convolution, in multiply-accumulates."""


def conv2d_macs(
    in_channels: int,
    out_channels: int,
    kernel_size: int,
    out_height: int,
    out_width: int,
    batch: int = 1,
) -> int:
    """Return the multiply-accumulate operations (MACs) of one forward pass of a Conv2d.

    Count one MAC per weight per output element; the bias additions are not MACs.
    The kernel is square; groups=1. out_height and out_width are the output's size.
    Example: conv2d_macs(1, 1, 1, 2, 2) == 4 (one weight, four output positions).
    Forbidden: importing torch (a profiler would count for you): this is arithmetic.
    """
    raise NotImplementedError("conv2d_macs: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex05")
