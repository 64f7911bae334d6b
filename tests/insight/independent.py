"""Independent answers: each exercise solved in several ways, as different students would write them.

Each answer is the list of bodies that replace the stub's `raise NotImplementedError(...)` lines, in
order (ex09 has two: __init__ and forward). They are written by hand to differ in approach, not only in
names, so that the similarity triage must leave them alone; `fill` turns them into whole files.
"""

from __future__ import annotations

import re

INDEPENDENT: dict[str, dict[str, list[str]]] = {
    "ex03_output_size": {
        "floor_division": ["""
span = dilation * (kernel_size - 1) + 1
out = (size + 2 * padding - span) // stride + 1
if out < 1:
    raise ValueError(f"output would be {out}")
return out
"""],
        "math_floor": ["""
import math
effective = kernel_size + (kernel_size - 1) * (dilation - 1)
result = math.floor((size + 2 * padding - effective) / stride) + 1
if result <= 0:
    raise ValueError("the kernel does not fit in the padded input")
return int(result)
"""],
        "check_first": ["""
padded = size + padding * 2
reach = (kernel_size - 1) * dilation
if padded - reach < 1:
    raise ValueError("input too small for this kernel")
n_positions = 1
while (n_positions) * stride + reach < padded:
    n_positions += 1
return n_positions
"""],
    },
    "ex07_conv2d_loops": {
        "six_loops": ["""
N, C, H, W = x.shape
O, _, K, _ = weight.shape
Hp, Wp = H + 2 * padding, W + 2 * padding
xp = torch.zeros(N, C, Hp, Wp, dtype=x.dtype, device=x.device)
xp[:, :, padding:padding + H, padding:padding + W] = x
Ho = (Hp - K) // stride + 1
Wo = (Wp - K) // stride + 1
y = torch.zeros(N, O, Ho, Wo, dtype=x.dtype, device=x.device)
for b in range(N):
    for o in range(O):
        for r in range(Ho):
            for s in range(Wo):
                total = 0.0
                for c in range(C):
                    total = total + (xp[b, c, r * stride:r * stride + K, s * stride:s * stride + K] * weight[o, c]).sum()
                y[b, o, r, s] = total + (bias[o] if bias is not None else 0.0)
return y
"""],
        "stack_rows": ["""
padded = F.pad(x, [padding] * 4)
kh = weight.shape[-1]
rows = []
for top in range(0, padded.shape[2] - kh + 1, stride):
    cols = []
    for left in range(0, padded.shape[3] - kh + 1, stride):
        patch = padded[:, None, :, top:top + kh, left:left + kh]
        cols.append((patch * weight[None]).sum(dim=(2, 3, 4)))
    rows.append(torch.stack(cols, dim=-1))
result = torch.stack(rows, dim=-2)
if bias is not None:
    result = result + bias[None, :, None, None]
return result
"""],
        "tensordot_per_channel": ["""
batch, in_ch, height, width = x.shape
out_ch, k = weight.shape[0], weight.shape[2]
if padding > 0:
    x = torch.cat([torch.zeros(batch, in_ch, padding, width, dtype=x.dtype), x,
                   torch.zeros(batch, in_ch, padding, width, dtype=x.dtype)], dim=2)
    x = torch.cat([torch.zeros(batch, in_ch, x.shape[2], padding, dtype=x.dtype), x,
                   torch.zeros(batch, in_ch, x.shape[2], padding, dtype=x.dtype)], dim=3)
out_h = (x.shape[2] - k) // stride + 1
out_w = (x.shape[3] - k) // stride + 1
output = torch.empty(batch, out_ch, out_h, out_w, dtype=x.dtype)
for oc in range(out_ch):
    for row in range(out_h):
        for col in range(out_w):
            region = x[:, :, row * stride:row * stride + k, col * stride:col * stride + k]
            value = torch.tensordot(region, weight[oc], dims=([1, 2, 3], [0, 1, 2]))
            output[:, oc, row, col] = value if bias is None else value + bias[oc]
return output
"""],
        "flatten_matmul_per_position": ["""
if padding:
    x = F.pad(x, (padding, padding, padding, padding), value=0.0)
n = x.shape[0]
c_out, c_in, kk, _ = weight.shape
flat_w = weight.reshape(c_out, c_in * kk * kk)
ho = 1 + (x.shape[-2] - kk) // stride
wo = 1 + (x.shape[-1] - kk) // stride
res = x.new_empty((n, c_out, ho, wo))
for p in range(ho * wo):
    i, j = divmod(p, wo)
    win = x[..., i * stride:i * stride + kk, j * stride:j * stride + kk].reshape(n, -1)
    res[..., i, j] = win @ flat_w.T
return res + (0 if bias is None else bias.reshape(1, -1, 1, 1))
"""],
    },
    "ex08_conv2d_unfold": {
        "einsum": ["""
N, _, H, W = x.shape
C_out, _, K, _ = weight.shape
H_out = (H + 2 * padding - K) // stride + 1
W_out = (W + 2 * padding - K) // stride + 1
patches = F.unfold(x, K, padding=padding, stride=stride)
y = torch.einsum("ok,nkl->nol", weight.reshape(C_out, -1), patches)
if bias is not None:
    y += bias[:, None]
return y.reshape(N, C_out, H_out, W_out)
"""],
        "transpose_then_linear": ["""
batch = x.shape[0]
filters, _, size, _ = weight.shape
columns = F.unfold(F.pad(x, (padding,) * 4), kernel_size=size, stride=stride).transpose(1, 2)
product = columns @ weight.flatten(1).t()
if bias is not None:
    product = product + bias
out_h = (x.shape[2] + 2 * padding - size) // stride + 1
return product.transpose(1, 2).reshape(batch, filters, out_h, -1)
"""],
        "bmm": ["""
n = x.size(0)
co, ci, k1, k2 = weight.size()
hh = (x.size(2) + 2 * padding - k1) // stride + 1
ww = (x.size(3) + 2 * padding - k2) // stride + 1
unfolded = torch.nn.functional.unfold(x, (k1, k2), stride=stride, padding=padding)
kernel = weight.view(1, co, ci * k1 * k2).expand(n, -1, -1)
result = torch.bmm(kernel, unfolded).view(n, co, hh, ww)
return result if bias is None else result + bias.view(1, co, 1, 1)
"""],
    },
    "ex09_conv_relu_from_scratch": {
        "rand_and_unfold": ["""
fan_in = in_channels * kernel_size ** 2
limit = fan_in ** -0.5
self.weight = nn.Parameter((torch.rand(out_channels, in_channels, kernel_size, kernel_size) * 2 - 1) * limit)
self.bias = nn.Parameter((torch.rand(out_channels) * 2 - 1) * limit)
self.stride = stride
self.padding = padding
""", """
size = self.weight.shape[-1]
cols = F.unfold(x, size, padding=self.padding, stride=self.stride)
z = self.weight.flatten(1) @ cols + self.bias[:, None]
side_h = (x.shape[2] + 2 * self.padding - size) // self.stride + 1
z = z.unflatten(-1, (side_h, -1))
return z * (z > 0)
"""],
        "init_helpers_and_loops": ["""
self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size))
self.bias = nn.Parameter(torch.empty(out_channels))
bound = 1.0 / math.sqrt(in_channels * kernel_size * kernel_size)
nn.init.uniform_(self.weight, -bound, bound)
nn.init.uniform_(self.bias, -bound, bound)
self.s, self.p, self.k = stride, padding, kernel_size
""", """
xp = F.pad(x, (self.p, self.p, self.p, self.p))
rows = (xp.shape[2] - self.k) // self.s + 1
cols = (xp.shape[3] - self.k) // self.s + 1
out = []
for r in range(rows):
    line = []
    for c in range(cols):
        win = xp[:, :, r * self.s:r * self.s + self.k, c * self.s:c * self.s + self.k]
        line.append(torch.einsum("bchw,ochw->bo", win, self.weight) + self.bias)
    out.append(torch.stack(line, -1))
pre = torch.stack(out, -2)
return torch.maximum(pre, torch.zeros_like(pre))
"""],
        "tensor_unfold_windows": ["""
k = kernel_size
std = math.sqrt(1.0 / (in_channels * k * k))
w = torch.empty(out_channels, in_channels, k, k).uniform_(-std, std)
self.weight = nn.Parameter(w)
self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-std, std))
self.config = {"stride": stride, "padding": padding}
""", """
pad = self.config["padding"]
step = self.config["stride"]
k = self.weight.size(-1)
windows = F.pad(x, [pad, pad, pad, pad]).unfold(2, k, step).unfold(3, k, step)  # (N, C, Ho, Wo, k, k)
result = torch.einsum("nchwij,ocij->nohw", windows, self.weight)
result = result + self.bias.view(-1, 1, 1)
return result.clamp(min=0)
"""],
    },
}

_RAISE = re.compile(r"^(?P<indent>[ \t]*)raise NotImplementedError\(.*\)$", re.M)


def fill(stub: str, bodies: list[str]) -> str:
    """The stub with its NotImplementedError lines replaced, in order, by the bodies."""
    remaining = list(bodies)

    def replace(match: re.Match) -> str:
        body = remaining.pop(0).strip("\n")
        return "\n".join(match["indent"] + line if line else line for line in body.splitlines())

    filled = _RAISE.sub(replace, stub)
    assert not remaining, "more bodies than NotImplementedError lines"
    return filled
