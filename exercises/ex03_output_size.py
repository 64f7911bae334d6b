"""Exercise 3: the output-size formula of a convolution, for one spatial dimension."""


def conv_output_size(
    size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """Return the output length of a convolution along one spatial dimension.

    size: input length (H or W); the others are nn.Conv2d's arguments for that dimension.
    Raise ValueError with a sentence when the output would be smaller than 1, as
    PyTorch refuses such a layer/input pair.
    Example: conv_output_size(64, 3, padding=1) == 64.
    Forbidden: importing torch (no layer or tensor to measure it with): this is arithmetic.
    """
    raise NotImplementedError("conv_output_size: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex03")
