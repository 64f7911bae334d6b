"""Independent answers to ex07, ex08 and ex09 for the synthetic class, one per student.

A real class writes the same algorithm in many ways. Each answer here is a sequence of blocks (unpack
the shapes, pad, size the output, loop or multiply, add the bias, ...), each written in one of several
common ways, with the more usual ways more likely, plus a few habits of the student's own (an assert,
a cast, a debug line) in random places. A named mistake replaces or drops a block. The similarity
triage should leave these alone, apart from the rare pair that really did write the same thing.
"""

from __future__ import annotations

import random
import re
import textwrap

# A block is a list of (weight, code); code is at indent 0 and may span lines.
Block = list[tuple[float, str]]

_UNPACK: Block = [
    (4, "N, C, H, W = x.shape\nCout, _, K, _ = weight.shape"),
    (2, "N = x.shape[0]\nCout, Cin, K, _ = weight.shape"),
    (2, "N, C, H, W = x.size()\nCout = weight.size(0)\nK = weight.size(-1)"),
    (1, "N, C = x.shape[:2]\nCout, K = weight.shape[0], weight.shape[2]"),
]
_PAD: Block = [
    (4, "x = F.pad(x, (padding, padding, padding, padding))"),
    (2, "x = F.pad(x, [padding] * 4)"),
    (2, "if padding > 0:\n    x = F.pad(x, (padding,) * 4)"),
    (1, "xp = torch.zeros(x.shape[0], x.shape[1], x.shape[2] + 2 * padding, x.shape[3] + 2 * padding, dtype=x.dtype)\n"
        "xp[:, :, padding:padding + x.shape[2], padding:padding + x.shape[3]] = x\nx = xp"),
]
_SIZE_PADDED: Block = [
    (4, "ho = (x.shape[2] - K) // stride + 1\nwo = (x.shape[3] - K) // stride + 1"),
    (2, "ho, wo = [(d - K) // stride + 1 for d in x.shape[2:]]"),
    (2, "ho = 1 + (x.size(2) - K) // stride\nwo = 1 + (x.size(3) - K) // stride"),
    (1, "import math\nho = math.floor((x.shape[-2] - K) / stride) + 1\nwo = math.floor((x.shape[-1] - K) / stride) + 1"),
]
_ALLOCATE: Block = [
    (4, "out = torch.zeros(N, Cout, ho, wo, dtype=x.dtype, device=x.device)"),
    (2, "out = x.new_zeros((N, Cout, ho, wo))"),
    (2, "out = torch.empty(N, Cout, ho, wo, dtype=x.dtype)"),
    (1, "out = torch.zeros((N, Cout, ho, wo)).to(x)"),
]
_FLIP: Block = [(2, "weight = weight.flip(-1, -2)"), (1, "weight = torch.flip(weight, dims=[2, 3])")]
_LOOPS: Block = [
    (4, "for i in range(ho):\n    for j in range(wo):\n"
        "        win = x[:, :, i * stride:i * stride + K, j * stride:j * stride + K]\n"
        "        out[:, :, i, j] = torch.einsum(\"nchw,ochw->no\", win, weight)"),
    (3, "for i in range(ho):\n    for j in range(wo):\n"
        "        patch = x[:, None, :, i * stride:i * stride + K, j * stride:j * stride + K]\n"
        "        out[:, :, i, j] = (patch * weight[None]).sum(dim=(2, 3, 4))"),
    (2, "for o in range(Cout):\n    for i in range(ho):\n        for j in range(wo):\n"
        "            r, s = i * stride, j * stride\n"
        "            out[:, o, i, j] = (x[:, :, r:r + K, s:s + K] * weight[o]).sum(dim=(1, 2, 3))"),
    (2, "flat = weight.reshape(Cout, -1)\nfor i in range(ho):\n    for j in range(wo):\n"
        "        cols = x[..., i * stride:i * stride + K, j * stride:j * stride + K].reshape(N, -1)\n"
        "        out[:, :, i, j] = cols @ flat.T"),
    (1, "for n in range(N):\n    for i in range(ho):\n        for j in range(wo):\n"
        "            region = x[n, :, i * stride:i * stride + K, j * stride:j * stride + K]\n"
        "            out[n, :, i, j] = torch.tensordot(weight, region, dims=3)"),
]
_BIAS: Block = [
    (4, "if bias is not None:\n    out += bias.view(1, -1, 1, 1)"),
    (2, "if bias is not None:\n    out = out + bias[None, :, None, None]"),
    (2, "if bias is not None:\n    out += bias.reshape(1, Cout, 1, 1)"),
    (1, "out = out if bias is None else out + bias.view(1, Cout, 1, 1)"),
]
_RETURN: Block = [(1, "return out")]
_SIZE: Block = [
    (4, "ho = (x.shape[2] + 2 * padding - K) // stride + 1\nwo = (x.shape[3] + 2 * padding - K) // stride + 1"),
    (2, "ho, wo = [(d + 2 * padding - K) // stride + 1 for d in x.shape[2:]]"),
    (2, "ho = 1 + (x.size(2) + 2 * padding - K) // stride\nwo = 1 + (x.size(3) + 2 * padding - K) // stride"),
]
_UNFOLD: Block = [
    (4, "cols = F.unfold(x, K, padding=padding, stride=stride)"),
    (2, "cols = F.unfold(x, kernel_size=(K, K), padding=padding, stride=stride)"),
    (1, "cols = torch.nn.functional.unfold(x, K, dilation=1, padding=padding, stride=stride)"),
]
_MATMUL: Block = [
    (4, "out = weight.view(Cout, -1) @ cols"),
    (2, "out = torch.einsum(\"ok,nkl->nol\", weight.reshape(Cout, -1), cols)"),
    (2, "out = torch.matmul(weight.flatten(1), cols)"),
    (1, "out = (cols.transpose(1, 2) @ weight.view(Cout, -1).t()).transpose(1, 2)"),
    (1, "out = torch.bmm(weight.view(1, Cout, -1).expand(N, -1, -1), cols)"),
]
_BIAS_COLS: Block = [
    (4, "if bias is not None:\n    out = out + bias.view(1, Cout, 1)"),
    (2, "if bias is not None:\n    out += bias[None, :, None]"),
    (1, "out = out if bias is None else out + bias.unsqueeze(0).unsqueeze(-1)"),
]
_RESHAPE: Block = [
    (4, "return out.view(N, Cout, ho, wo)"),
    (2, "return out.reshape(N, Cout, ho, wo)"),
    (1, "out = out.unflatten(2, (ho, wo))\nreturn out"),
]
_HABITS = [
    'assert x.dim() == 4, "x must be (N, C, H, W)"', "assert weight.shape[2] == weight.shape[3]",
    "x = x.contiguous()", "weight = weight.to(x.dtype)", "stride, padding = int(stride), int(padding)",
    "# print(x.shape, weight.shape)", "assert stride >= 1 and padding >= 0", "x = x.float() if not x.is_floating_point() else x",
    'if x.shape[1] != weight.shape[1]:\n    raise ValueError("channels do not match")', "device = x.device",
]

# ex09: __init__ and forward, as blocks with the module's names.
_INIT_BOUND: Block = [
    (4, "bound = 1 / math.sqrt(in_channels * kernel_size * kernel_size)"),
    (2, "bound = (in_channels * kernel_size ** 2) ** -0.5"),
    (2, "fan_in = in_channels * kernel_size * kernel_size\nbound = 1.0 / math.sqrt(fan_in)"),
]
_INIT_PARAMS: Block = [
    (4, "self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size).uniform_(-bound, bound))\n"
        "self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound))"),
    (2, "self.weight = nn.Parameter(torch.rand(out_channels, in_channels, kernel_size, kernel_size) * 2 * bound - bound)\n"
        "self.bias = nn.Parameter(torch.rand(out_channels) * 2 * bound - bound)"),
    (2, "self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kernel_size, kernel_size))\n"
        "self.bias = nn.Parameter(torch.empty(out_channels))\n"
        "nn.init.uniform_(self.weight, -bound, bound)\nnn.init.uniform_(self.bias, -bound, bound)"),
]
_INIT_CONFIG: Block = [
    (4, "self.stride, self.padding, self.kernel_size = stride, padding, kernel_size"),
    (2, "self.stride = stride\nself.padding = padding\nself.kernel_size = kernel_size"),
    (1, "self.kernel_size = kernel_size\nself.stride = stride\nself.padding = padding"),
]
_FWD_LOCALS: Block = [
    (4, "N = x.shape[0]\nCout = self.weight.shape[0]\nK, stride, padding = self.kernel_size, self.stride, self.padding"),
    (2, "N, C, H, W = x.shape\nCout, _, K, _ = self.weight.shape\nstride = self.stride\npadding = self.padding"),
    (2, "N = x.size(0)\nCout = self.weight.size(0)\nK = self.weight.size(-1)\nstride, padding = self.stride, self.padding"),
]
_FWD_WEIGHT: Block = [(3, "weight = self.weight"), (1, "weight = self.weight.clone()")]
_FWD_WEIGHT_FLIPPED: Block = [(2, "weight = self.weight.flip(-1, -2)"), (1, "weight = torch.flip(self.weight, [2, 3])")]
_FWD_BIAS: Block = [
    (4, "out = out + self.bias.view(1, Cout, 1)"),
    (2, "out = out + self.bias[None, :, None]"),
    (1, "out = out + self.bias.unsqueeze(0).unsqueeze(-1)"),
]
_FWD_SHAPE: Block = [
    (4, "out = out.view(N, Cout, ho, wo)"), (2, "out = out.reshape(N, Cout, ho, wo)"), (1, "out = out.unflatten(2, (ho, wo))"),
]
_RELU: Block = [
    (4, "return torch.where(out > 0, out, torch.zeros_like(out))"),
    (3, "return out * (out > 0)"),
    (2, "return torch.maximum(out, torch.zeros_like(out))"),
    (1, "mask = (out > 0).to(out.dtype)\nreturn out * mask"),
]

# exercise -> mistake kind -> the blocks of each NotImplementedError region
_PLANS = {
    "ex07_conv2d_loops": {
        "solution": [[_UNPACK, _PAD, _SIZE_PADDED, _ALLOCATE, _LOOPS, _BIAS, _RETURN]],
        "mistake_a": [[_UNPACK, _PAD, _SIZE_PADDED, _ALLOCATE, _FLIP, _LOOPS, _BIAS, _RETURN]],  # kernel flipped
        "mistake_b": [[_UNPACK, _SIZE_PADDED, _ALLOCATE, _LOOPS, _BIAS, _RETURN]],  # padding missing
    },
    "ex08_conv2d_unfold": {
        "solution": [[_UNPACK, _SIZE, _UNFOLD, _MATMUL, _BIAS_COLS, _RESHAPE]],
        "mistake_a": [[_UNPACK, _SIZE_PADDED, [(1, "cols = F.unfold(x, K, stride=stride)")], _MATMUL, _BIAS_COLS, _RESHAPE]],
        "mistake_b": [[_UNPACK, _SIZE, _UNFOLD, _MATMUL, _RESHAPE]],  # bias missing
    },
    "ex09_conv_relu_from_scratch": {
        "solution": [[_INIT_BOUND, _INIT_PARAMS, _INIT_CONFIG],
                     [_FWD_LOCALS, _FWD_WEIGHT, _SIZE, _UNFOLD, _MATMUL, _FWD_BIAS, _FWD_SHAPE, _RELU]],
        "mistake_a": [[_INIT_BOUND, _INIT_PARAMS, _INIT_CONFIG],  # kernel flipped
                      [_FWD_LOCALS, _FWD_WEIGHT_FLIPPED, _SIZE, _UNFOLD, _MATMUL, _FWD_BIAS, _FWD_SHAPE, _RELU]],
        "mistake_b": [[_INIT_BOUND, _INIT_PARAMS, _INIT_CONFIG],  # ReLU missing
                      [_FWD_LOCALS, _FWD_WEIGHT, _SIZE, _UNFOLD, _MATMUL, _FWD_BIAS, _FWD_SHAPE, _RETURN]],
    },
}
STYLED = tuple(_PLANS)
_RAISE = re.compile(r"^(?P<indent>[ \t]*)raise NotImplementedError\(.*\)$", re.M)
_NAMES = {"N": ["N", "nb", "batch", "bs"], "Cout": ["Cout", "c_out", "oc", "out_ch"], "K": ["K", "k", "ks", "kernel"],
          "ho": ["ho", "h_out", "oh", "out_h"], "wo": ["wo", "w_out", "ow", "out_w"], "out": ["out", "y", "result", "output"]}


def answer(exercise: str, kind: str, stub: str, rng: random.Random) -> str:
    """A whole file: the stub with each region written in this student's way."""
    regions = [_region(blocks, rng, habits=exercise != "ex09_conv_relu_from_scratch" or i == 1)
               for i, blocks in enumerate(_PLANS[exercise][kind])]
    names = {name: rng.choice(options) for name, options in _NAMES.items()}

    def fill(match: re.Match) -> str:
        return textwrap.indent(_rename(regions.pop(0), names), match["indent"])

    return _RAISE.sub(fill, stub)


def _region(blocks: list[Block], rng: random.Random, habits: bool) -> str:
    chosen = [rng.choices([code for _, code in block], weights=[w for w, _ in block])[0] for block in blocks]
    if habits:  # the student's own habits, after the first two blocks so the names they use exist
        for habit in rng.sample(_HABITS, rng.choice([0, 1, 1, 2, 2, 3])):
            chosen.insert(rng.randint(2, len(chosen) - 1), habit)
    return "\n".join(chosen)


def _rename(code: str, names: dict[str, str]) -> str:
    return re.sub(r"\b(" + "|".join(names) + r")\b", lambda m: names[m[1]], code)
