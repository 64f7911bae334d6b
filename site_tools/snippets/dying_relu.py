# A dying ReLU: a unit whose pre-activation is negative for every input gets no gradient, so it never learns.
import torch
from torch import nn

torch.manual_seed(0)
conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
with torch.no_grad():
    conv.bias[0] = -100.0  # e.g. after one too-large update: channel 0 is now negative everywhere

x = torch.randn(16, 3, 64, 64)
y = torch.relu(conv(x))  # (16, 8, 64, 64)
y.sum().backward()

assert (y[:, 0] == 0).all()  # channel 0 outputs only zeros...
assert (conv.weight.grad[0] == 0).all() and conv.bias.grad[0] == 0  # ...and its parameters get no gradient
assert (conv.weight.grad[1:] != 0).any()  # the other channels still learn
print("channel 0 is dead")
