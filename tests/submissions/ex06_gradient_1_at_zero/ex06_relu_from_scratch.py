"""Wrong on purpose: the backward pass lets the gradient through at x == 0."""

import torch


def relu(x: torch.Tensor) -> torch.Tensor:
    return torch.where(x > 0, x, torch.zeros_like(x))


def relu_backward(x: torch.Tensor, grad_output: torch.Tensor) -> torch.Tensor:
    return grad_output * (x >= 0).to(grad_output.dtype)
