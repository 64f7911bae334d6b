"""Wrong on purpose: the input is never padded."""

import torch.nn.functional as F


def conv2d_unfold(x, weight, bias=None, stride=1, padding=0):
    n, _, h, w = x.shape
    c_out, _, k, _ = weight.shape
    h_out, w_out = (h - k) // stride + 1, (w - k) // stride + 1
    cols = F.unfold(x, kernel_size=k, stride=stride)  # (N, C_in*K*K, H_out*W_out)
    out = weight.view(c_out, -1) @ cols
    if bias is not None:
        out = out + bias.view(1, c_out, 1)
    return out.view(n, c_out, h_out, w_out)
