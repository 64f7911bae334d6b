# Weight sharing makes conv + ReLU translation equivariant: shift the image, and the feature maps shift with it.
import torch
from torch import nn

torch.manual_seed(0)
block = nn.Sequential(nn.Conv2d(3, 8, kernel_size=3, padding=1), nn.ReLU())
x = torch.randn(1, 3, 64, 64)
shifted = torch.roll(x, shifts=5, dims=-1)  # move the image 5 pixels to the right

y, y_shifted = block(x), block(shifted)
# Away from the borders (where padding and the wrap-around differ), the outputs are shifted copies.
inner = slice(8, 56)
assert torch.allclose(torch.roll(y, shifts=5, dims=-1)[..., inner], y_shifted[..., inner], atol=1e-6)
print("shift in, shift out")
