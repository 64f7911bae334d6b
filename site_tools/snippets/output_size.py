# The output-size formula, checked against PyTorch for stride, padding and dilation.
import torch
from torch import nn


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


x = torch.randn(1, 3, 64, 64)
for k, s, p, d, expected in [
    (3, 1, 1, 1, 64),  # the seed layer: "same" size
    (3, 1, 0, 1, 62),  # no padding: one pixel lost on each side
    (3, 2, 1, 1, 32),  # stride 2 halves the size
    (3, 1, 1, 2, 62),  # dilation 2: the kernel spans 5 pixels
    (3, 1, 2, 2, 64),  # ...and padding 2 gives the size back
    (5, 1, 2, 1, 64),  # padding k // 2 keeps the size for any odd k
    (4, 2, 1, 1, 32),  # an even kernel with stride 2
]:
    layer = nn.Conv2d(3, 8, kernel_size=k, stride=s, padding=p, dilation=d)
    assert layer(x).shape[-1] == conv_output_size(64, k, s, p, d) == expected
print("formula matches PyTorch")
