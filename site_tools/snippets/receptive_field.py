# Stacked 3x3 convs see further: measure which input pixels one output pixel depends on, with autograd.
import torch
from torch import nn

stack = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(),
    nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
)
with torch.no_grad():
    for layer in stack[::2]:
        layer.weight.fill_(0.1)  # positive weights: every path passes ReLU, so no input is hidden
        layer.bias.fill_(1.0)

x = torch.rand(1, 3, 64, 64, requires_grad=True)
stack(x)[0, 0, 32, 32].backward()  # one output pixel in the middle
touched = x.grad[0].abs().sum(0) > 0  # (H, W): input pixels with a non-zero gradient
rows, cols = touched.nonzero().unbind(1)
assert (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1) == (5, 5)  # two 3x3 layers see 5x5
print("receptive field: 5x5")
