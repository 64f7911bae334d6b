# Weight sharing in numbers: the seed conv against a fully connected layer with the same input and output.
from torch import nn

conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
conv_params = sum(p.numel() for p in conv.parameters())
assert conv_params == 8 * 3 * 3 * 3 + 8 == 224

# device="meta" gives shapes without memory: the real layer would take 1.6 GB in float32.
dense = nn.Linear(3 * 64 * 64, 8 * 64 * 64, device="meta")  # 12288 inputs -> 32768 outputs
dense_params = sum(p.numel() for p in dense.parameters())
assert dense_params == 12288 * 32768 + 32768 == 402_685_952

print(conv_params, dense_params, dense_params // conv_params)  # 224 402685952 1797705
