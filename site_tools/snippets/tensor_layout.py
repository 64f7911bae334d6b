# PyTorch's images are (N, C, H, W); a picture from numpy or PIL arrives as (H, W, C).
import numpy as np
import torch
from torch import nn

picture = np.random.rand(64, 64, 3).astype(np.float32)  # (H, W, C), as image libraries store it
x = torch.from_numpy(picture).permute(2, 0, 1).unsqueeze(0)  # (1, 3, 64, 64): channels first, then a batch
assert x.shape == (1, 3, 64, 64)

conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
assert conv(x).shape == (1, 8, 64, 64)
assert conv(x[0]).shape == (8, 64, 64)  # an unbatched (C, H, W) input works too

# permute relabels dimensions without moving memory: it is still stored pixel by pixel,
# which PyTorch calls channels_last. contiguous() copies it into NCHW order, W varying fastest.
assert x.is_contiguous(memory_format=torch.channels_last) and not x.is_contiguous()
nchw = x.contiguous()
assert nchw.stride() == (12288, 4096, 64, 1)  # elements to skip for one step in N, C, H, W
assert torch.allclose(conv(nchw), conv(x), atol=1e-6)  # same values whatever the memory order
print(nchw.stride())  # (12288, 4096, 64, 1)
