"""Cheats on purpose: the docstring forbids autograd in relu_backward, this asks autograd anyway."""

import torch


def relu(x: torch.Tensor) -> torch.Tensor:
    return torch.where(x > 0, x, torch.zeros_like(x))


def relu_backward(x: torch.Tensor, grad_output: torch.Tensor) -> torch.Tensor:
    leaf = x.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(relu(leaf), leaf, grad_output)
    return grad
