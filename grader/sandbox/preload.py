"""Imported once by the fork server, before any run is forked from it.

Everything a run would otherwise pay for again and again is paid here: importing torch,
first-call set-up of the CPU convolution and autograd, and a full garbage collection.
gc.freeze() then keeps those objects out of every later collection, so a forked run
neither scans them nor copies their pages.
"""

import gc

import safetensors.torch  # noqa: F401 - imported for the runs
import torch
import torch.nn.functional as F

from grader.sandbox import supervisor  # noqa: F401 - the runs' entry point

torch.set_num_threads(1)  # no OpenMP pool in the server: a pool does not survive fork
# The first conv, backward and unfold each pay a one-time set-up. (Backward passes are run as
# (out * g).sum().backward(): the same gradients as out.backward(g), without the import of sympy,
# a quarter of a second, that out.backward(g) makes PyTorch do the first time.)
_x = torch.randn(1, 3, 8, 8, requires_grad=True)
_w = torch.randn(2, 3, 3, 3, requires_grad=True)
_b = torch.randn(2, requires_grad=True)
_out = torch.relu(F.conv2d(_x, _w, _b, padding=1))
(_out * torch.randn_like(_out)).sum().backward()
_cols = F.unfold(_x, 3, padding=1)
(_w.view(2, -1) @ _cols).sum().backward()
del _x, _w, _b, _out, _cols
gc.collect()
gc.freeze()
