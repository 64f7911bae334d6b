"""Exercise 6: ReLU and its gradient, from scratch."""

import torch


def relu(x: torch.Tensor) -> torch.Tensor:
    """Return max(x, 0) element-wise, as a new tensor of x's shape, dtype and device.

    Do not modify x. Forbidden: torch.relu, torch.nn.functional.relu, nn.ReLU, Tensor.relu.
    """
    raise NotImplementedError("relu: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex06")


def relu_backward(x: torch.Tensor, grad_output: torch.Tensor) -> torch.Tensor:
    """Return dL/dx given the ReLU's input x and dL/dy = grad_output (both of the same shape).

    Use PyTorch's convention at x == 0: the gradient there is 0.
    Forbidden: autograd (backward, torch.autograd.grad) and the ReLU functions above.
    """
    raise NotImplementedError("relu_backward: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex06")
