# The kit's seed block: Conv2d(3 -> 8, 3x3, padding=1) then ReLU, on one 64x64 RGB image.
import torch
from torch import nn

block = nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
)
x = torch.randn(1, 3, 64, 64)  # (N, C, H, W)
y = block(x)  # (N, C_out, H, W)

assert y.shape == (1, 8, 64, 64)
assert block[0].weight.shape == (8, 3, 3, 3)  # (C_out, C_in, kH, kW)
assert block[0].bias.shape == (8,)
assert (y >= 0).all()  # ReLU leaves no negative value
print(y.shape)  # torch.Size([1, 8, 64, 64])
