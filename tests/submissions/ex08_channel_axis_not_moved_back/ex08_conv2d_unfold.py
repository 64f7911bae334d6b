"""Wrong on purpose: the matmul gives (N, L, C_out), viewed as (N, C_out, H_out, W_out) without a transpose."""

import torch.nn.functional as F


def conv2d_unfold(x, weight, bias=None, stride=1, padding=0):
    n, _, h, w = x.shape
    c_out, _, k, _ = weight.shape
    h_out = (h + 2 * padding - k) // stride + 1
    w_out = (w + 2 * padding - k) // stride + 1
    cols = F.unfold(x, kernel_size=k, padding=padding, stride=stride)  # (N, C_in*K*K, L)
    out = cols.transpose(1, 2) @ weight.view(c_out, -1).t()  # (N, L, C_out)
    if bias is not None:
        out = out + bias
    return out.reshape(n, c_out, h_out, w_out)
