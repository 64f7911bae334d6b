"""Exercise 4: count learnable parameters, and see what weight sharing saves."""


def conv2d_parameter_count(
    in_channels: int, out_channels: int, kernel_size: int, bias: bool = True
) -> int:
    """Return the number of learnable parameters of nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias).

    The kernel is square (kernel_size x kernel_size); groups=1.
    Example: conv2d_parameter_count(1, 1, 1) == 2 (one weight and one bias).
    Forbidden: importing torch (building the layer would count for you): this is arithmetic.
    """
    raise NotImplementedError("conv2d_parameter_count: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex04")


def linear_parameter_count(in_features: int, out_features: int, bias: bool = True) -> int:
    """Return the number of learnable parameters of nn.Linear(in_features, out_features, bias=bias).

    Example: linear_parameter_count(2, 3) == 9 (six weights and three biases).
    Then compare the seed conv with a Linear layer that maps the flattened (3, 64, 64) input
    to the flattened (8, 64, 64) output: linear_parameter_count(12288, 32768). That gap is
    what weight sharing saves.
    """
    raise NotImplementedError("linear_parameter_count: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex04")
