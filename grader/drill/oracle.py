"""PyTorch answers every drill question: real layers, never the kit's own formulas.

Shapes come from a real layer run on an empty batch (the CPU kernels at no cost), counts from
`parameters()`, the receptive field from a gradient, ReLU's slope from autograd.
"""

from __future__ import annotations

import torch
from torch import nn

INVALID = "invalid"  # the answer to "what comes out" when PyTorch refuses the layer or the input


def shape_after(layers: list[dict], input_shape: tuple[int, ...]) -> tuple[int, ...] | str:
    """The output shape of the stacked convs on an input of that shape, or INVALID where PyTorch refuses."""
    n, *rest = input_shape
    try:
        x = torch.zeros(0, *rest)
        with torch.no_grad():
            for kwargs in layers:
                layer = nn.Conv2d(**kwargs, device="meta")  # checks its arguments; no weights to initialise
                x = layer._conv_forward(x, torch.empty(layer.weight.shape), None)  # its own forward, on the CPU
    except (RuntimeError, ValueError):
        return INVALID
    return (n, *x.shape[1:])  # (N, C_out, H_out, W_out): N passes through


def output_size(size: int, kernel_size: int, stride: int, padding: int, dilation: int) -> int | str:
    """One axis: the length a conv makes of `size` pixels, measured on a 1-pixel-wide image."""
    found = shape_after([dict(in_channels=1, out_channels=1, kernel_size=(kernel_size, 1), stride=(stride, 1),
                              padding=(padding, 0), dilation=(dilation, 1))], (1, 1, size, 1))
    return found if found == INVALID else found[2]


def parameters(module: str, kwargs: dict) -> int:
    layer = (nn.Conv2d if module == "Conv2d" else nn.Linear)(**kwargs, device="meta")  # no memory needed
    return sum(p.numel() for p in layer.parameters())


def macs(kwargs: dict, input_shape: tuple[int, ...]) -> int:
    """One multiply-accumulate per weight per output position, in every image of the batch."""
    layer = nn.Conv2d(**kwargs, device="meta")
    n, _, h, w = shape_after([kwargs], input_shape)
    return layer.weight.numel() * n * h * w


def receptive_field(layers: list[dict]) -> int:
    """The width of the input region whose pixels move one output pixel near the centre."""
    size, jump = 3, 1  # an input wider than any receptive field of the stack: the gradient does not reach its border
    for kwargs in layers:
        size += kwargs["kernel_size"] * kwargs.get("dilation", 1) * jump
        jump *= kwargs.get("stride", 1)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tensors this small: threads only wait for each other (ten times slower)
    try:
        x = torch.zeros(1, 1, size, size, requires_grad=True)
        out = x
        for kwargs in layers:
            layer = nn.Conv2d(1, 1, bias=False, **kwargs)
            nn.init.ones_(layer.weight)  # positive weights: no cancellation hides a pixel
            out = layer(out)
        out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    finally:
        torch.set_num_threads(threads)
    columns = x.grad[0, 0].abs().sum(0).nonzero()
    return int(columns.max() - columns.min() + 1)


def relu(values: list[float]) -> list[float]:
    return torch.relu(torch.tensor(values)).tolist()


def relu_gradient(values: list[float]) -> list[float]:
    """d relu(x).sum() / dx, as autograd computes it (0 at exactly 0)."""
    x = torch.tensor(values, requires_grad=True)
    torch.relu(x).sum().backward()
    return x.grad.tolist()
