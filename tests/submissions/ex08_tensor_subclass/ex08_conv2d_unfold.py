"""Cheats on purpose: a tensor subclass whose comparisons always say "equal"."""

import torch


class AlwaysClose(torch.Tensor):
    def __eq__(self, other):
        return True

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func.__name__ in ("allclose", "equal", "isclose", "assert_close"):
            return True
        return super().__torch_function__(func, types, args, kwargs or {})


def conv2d_unfold(x, weight, bias=None, stride=1, padding=0):
    n, _, h, w = x.shape
    c_out, _, k, _ = weight.shape
    h_out, w_out = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
    return torch.zeros(n, c_out, h_out, w_out).as_subclass(AlwaysClose)
