"""Wrong on purpose: the + 1 of the output-size formula is left out (the padding is right)."""

import torch
import torch.nn.functional as F


def conv2d_loops(x, weight, bias=None, stride=1, padding=0):
    n, _, h, w = x.shape
    c_out, _, k, _ = weight.shape
    x = F.pad(x, (padding, padding, padding, padding))
    h_out = (h + 2 * padding - k) // stride
    w_out = (w + 2 * padding - k) // stride
    out = x.new_zeros(n, c_out, h_out, w_out)
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride : i * stride + k, j * stride : j * stride + k]
            out[:, :, i, j] = torch.einsum("nchw,ochw->no", window, weight)
    if bias is not None:
        out += bias.view(1, c_out, 1, 1)
    return out
