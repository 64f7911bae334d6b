# Multiply-accumulates of the seed conv: by formula, and measured by PyTorch's FLOP counter.
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
x = torch.randn(1, 3, 64, 64)

n, c_out, h_out, w_out = 1, 8, 64, 64
macs = n * c_out * h_out * w_out * 3 * 3 * 3  # one MAC per weight per output element
assert macs == 884_736

with FlopCounterMode(display=False) as counter:
    conv(x)
assert counter.get_total_flops() == 2 * macs  # one multiply + one add per MAC
print(macs)  # 884736
