"""Shapes measured by PyTorch's own layers on tensors with an empty batch.

A batch of 0 runs the real CPU kernels at no cost and gives every dimension but N; N passes
through a conv unchanged and is put back. Shape-only "meta" tensors would do the same, but
their first forward pass costs PyTorch most of a second of one-time set-up, which a
learner's first report would wait for.
"""

from __future__ import annotations

import torch


def after(layers, batch: int, channels: int, height: int, width: int) -> tuple[int, ...]:
    """The shape of layers(x) for x of shape (batch, channels, height, width)."""
    x = torch.zeros(0, channels, height, width)
    with torch.no_grad():
        for layer in layers:
            x = layer(x)
    return (batch, *x.shape[1:])
