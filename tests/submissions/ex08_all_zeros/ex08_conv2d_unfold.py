"""Wrong on purpose: the output is allocated, the product computed, and never written into it."""

import torch.nn.functional as F


def conv2d_unfold(x, weight, bias=None, stride=1, padding=0):
    n, _, h, w = x.shape
    c_out, _, k, _ = weight.shape
    h_out, w_out = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
    out = x.new_zeros(n, c_out, h_out, w_out)
    cols = F.unfold(x, kernel_size=k, padding=padding, stride=stride)
    result = weight.view(c_out, -1) @ cols
    if bias is not None:
        result = result + bias.view(1, c_out, 1)
    return out
