"""Wrong on purpose: returns (N, H_out, W_out, C_out), channels last."""

import torch.nn.functional as F


def conv2d_unfold(x, weight, bias=None, stride=1, padding=0):
    n, _, h, w = x.shape
    c_out, _, k, _ = weight.shape
    h_out, w_out = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
    cols = F.unfold(x, kernel_size=k, padding=padding, stride=stride)
    out = cols.transpose(1, 2) @ weight.view(c_out, -1).T  # (N, H_out*W_out, C_out)
    if bias is not None:
        out = out + bias
    return out.reshape(n, h_out, w_out, c_out)
