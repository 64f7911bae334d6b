"""Wrong on purpose: relu zeroes the negatives of the caller's tensor in place."""

import torch


def relu(x: torch.Tensor) -> torch.Tensor:
    x[x < 0] = 0
    return x


def relu_backward(x: torch.Tensor, grad_output: torch.Tensor) -> torch.Tensor:
    return grad_output * (x > 0).to(grad_output.dtype)
