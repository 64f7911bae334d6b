# nn.Conv2d computes a cross-correlation: the kernel slides over the input without being flipped.
import torch
import torch.nn.functional as F

x = torch.randn(1, 1, 5, 5)
w = torch.randn(1, 1, 3, 3)
y = F.conv2d(x, w)  # (1, 1, 3, 3)

# Output (i, j) is the plain dot product of the kernel with the window at (i, j).
i, j = 1, 2
window = x[0, 0, i : i + 3, j : j + 3]
assert torch.allclose(y[0, 0, i, j], (window * w[0, 0]).sum())

# A textbook convolution flips the kernel in both directions first.
true_convolution = F.conv2d(x, w.flip(-2, -1))
assert torch.allclose(true_convolution[0, 0, i, j], (window * w[0, 0].flip(0, 1)).sum())
assert not torch.allclose(y, true_convolution)  # different, unless the kernel is symmetric
print("Conv2d does not flip the kernel")
