# groups splits the channels: each group of output channels sees only its group of input channels.
from torch import nn


def count(layer):
    return sum(p.numel() for p in layer.parameters())


regular = nn.Conv2d(8, 16, kernel_size=3, padding=1)
grouped = nn.Conv2d(8, 16, kernel_size=3, padding=1, groups=2)
depthwise = nn.Conv2d(8, 8, kernel_size=3, padding=1, groups=8)  # one 3x3 filter per channel

assert regular.weight.shape == (16, 8, 3, 3) and count(regular) == 1168
assert grouped.weight.shape == (16, 4, 3, 3) and count(grouped) == 592
assert depthwise.weight.shape == (8, 1, 3, 3) and count(depthwise) == 80
print(count(regular), count(grouped), count(depthwise))  # 1168 592 80
