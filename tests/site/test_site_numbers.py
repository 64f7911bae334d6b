"""Every count and shape the pages state is one PyTorch computes.

The sweep tests find each number of three digits or more, each decimal and each shape tuple in the pages'
Markdown and require it among the values computed here with torch; the claim tests check smaller numbers
where the pages state them.
"""

import math
import re

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

# Numbers the pages state that are not computations, with the reason they may stand.
NOT_COMPUTED = {
    "360": "degrees in a full turn (a panorama wraps around)",
    "5.13": "the Linux version that introduced Landlock",
    "3.11": "the oldest Python version the kit supports",
    "110": "the course's total points, the sum of grader/catalog.toml's points",
    "43.5": "points earned part-way through the course, in an example of watch's course line",
}

NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?![\d,])|\d+\.\d+|\d+)(?![\w.]\d)")
SHAPE = re.compile(r"(?<![\w.])\((\d+(?:, \d+)*,?)\)")  # not call arguments such as permute(2, 0, 1)


def count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def count_macs(module: nn.Module, x: torch.Tensor) -> int:
    """MACs measured by PyTorch's FLOP counter, which counts a multiply and an add per MAC."""
    with FlopCounterMode(display=False) as counter:
        module(x)
    return counter.get_total_flops() // 2


def receptive_field(layers: int) -> int:
    """Width of the input area one output pixel of `layers` stacked 3x3 convs depends on, found with autograd."""
    stack = nn.Sequential(*[nn.Conv2d(1, 1, 3, padding=1, bias=False) for _ in range(layers)])
    for conv in stack:
        nn.init.constant_(conv.weight, 1.0)
    x = torch.zeros(1, 1, 32, 32, requires_grad=True)
    stack(x)[0, 0, 16, 16].backward()
    columns = x.grad[0, 0].abs().sum(0).nonzero()
    return int(columns.max() - columns.min() + 1)


def same_size_padding(kernel_size: int, dilation: int) -> int:
    """The padding with which PyTorch's conv keeps a 64-pixel input at 64 pixels, found by trying."""
    x = torch.zeros(1, 1, 64, 64)
    for padding in range(10):
        if nn.Conv2d(1, 1, kernel_size, padding=padding, dilation=dilation)(x).shape[-1] == 64:
            return padding
    raise AssertionError("no padding keeps the size")


@pytest.fixture(scope="module")
def torch_values() -> dict:
    """The counts, shapes and decimals behind the pages' text, each computed by PyTorch."""
    torch.manual_seed(0)
    seed = nn.Conv2d(3, 8, kernel_size=3, padding=1)
    x = torch.randn(1, 3, 64, 64)  # (N, C, H, W)
    y = seed(x)  # (1, 8, 64, 64)
    dense = nn.Linear(x.numel(), y.numel(), device="meta")  # meta: no 1.6 GB allocation
    depthwise = nn.Conv2d(8, 8, 3, groups=8)
    pointwise = nn.Conv2d(8, 32, 1)
    cols = nn.functional.unfold(x, kernel_size=3, padding=1)  # (1, 27, 4096)
    macs = count_macs(seed, x)
    sigmoid_input = torch.zeros(1, requires_grad=True)
    torch.sigmoid(sigmoid_input).backward()
    image = torch.zeros(64, 64, 3, dtype=torch.uint8)
    counts = {
        "seed weights": seed.weight.numel(),
        "seed parameters": count_parameters(seed),
        "input numbers": x.numel(),
        "output numbers": y.numel(),
        "output positions": y.shape[-2] * y.shape[-1],
        "dense parameters": count_parameters(dense),
        "dense MACs": dense.weight.numel(),
        "seed MACs": macs,
        "seed FLOPs": 2 * macs,
        "stride 2 MACs": count_macs(nn.Conv2d(3, 8, 3, stride=2, padding=1), x),
        "batch of 16 MACs": count_macs(seed, torch.randn(16, 3, 64, 64)),
        "Conv2d(3, 16, 5) parameters": count_parameters(nn.Conv2d(3, 16, 5)),
        "Conv2d(8, 32, 3) parameters": count_parameters(nn.Conv2d(8, 32, 3)),
        "pointwise parameters": count_parameters(pointwise),
        "separable parameters": count_parameters(depthwise) + count_parameters(pointwise),
        "output bytes": y.numel() * y.element_size(),
        "output KiB": y.numel() * y.element_size() // 1024,
        "largest uint8": torch.iinfo(image.dtype).max,
    }
    shapes = {
        "input": x.shape, "output": y.shape, "weight": seed.weight.shape, "bias": seed.bias.shape,
        "kernel_size": seed.kernel_size,
        "no padding": nn.Conv2d(3, 8, 3)(x).shape,
        "batch of 16": seed(torch.randn(16, 3, 64, 64)).shape,
        "unbatched": seed(x[0]).shape,
        "numpy image": image.shape,
        "strides": x.contiguous().stride(),
        "flattened": nn.Flatten()(y).shape,
        "unfolded": cols.shape,
        "weight as a matrix": seed.weight.view(8, -1).shape,
        "columns multiplied": (seed.weight.view(8, -1) @ cols).shape,
    }
    decimals = {
        "ratio in millions": f"{count_parameters(dense) / count_parameters(seed) / 1e6:.1f}",
        "sigmoid's largest slope": f"{sigmoid_input.grad.item():.2f}",
        "LeakyReLU's slope": f"{nn.LeakyReLU().negative_slope:.2f}",
        "default init bound": f"{1 / math.sqrt(seed.in_channels * 3 * 3):.3f}",
    }
    return {"counts": counts, "shapes": {tuple(shape) for shape in shapes.values()}, "decimals": decimals}


def prose(text: str) -> str:
    """A page's text without included-file lines and URLs, thousands separators made plain."""
    text = re.sub(r"^.*--8<--.*$", "", text, flags=re.M)
    text = re.sub(r"https?://\S+", "", text)
    return text.replace("{,}", ",")


def test_every_large_number_on_the_site_is_computed_by_torch(pages, torch_values):
    known = set(torch_values["counts"].values()) | {int(token) for token in NOT_COMPUTED if token.isdigit()}
    for page, text in pages.items():
        for token in NUMBER.findall(prose(text)):
            if "." in token or int(token.replace(",", "")) < 100:
                continue
            assert int(token.replace(",", "")) in known, f"{page}: {token} is not a value computed by the tests"


def test_every_decimal_on_the_site_is_computed_by_torch(pages, torch_values):
    known = set(torch_values["decimals"].values()) | set(NOT_COMPUTED)
    for page, text in pages.items():
        for token in NUMBER.findall(prose(text)):
            if "." in token:
                assert token in known, f"{page}: {token} is not a value computed by the tests"


def test_every_shape_on_the_site_is_computed_by_torch(pages, torch_values):
    for page, text in pages.items():
        for shape in SHAPE.findall(prose(text)):
            numbers = tuple(int(n) for n in shape.rstrip(",").split(", "))
            if len(numbers) > 1 or shape.endswith(","):
                assert numbers in torch_values["shapes"], f"{page}: ({shape}) is not a shape PyTorch produced"


def test_the_output_size_table_matches_pytorch(pages):
    page = pages["concepts/padding-stride-dilation.md"]
    rows = re.findall(r"^\| \\\((k=.*?)\\\).*?\| \\\((.*?)\\\) \| (\d+) \|$", page, re.M)
    assert len(rows) == 7
    x = torch.zeros(1, 3, 64, 64)
    for arguments, computation, stated in rows:
        values = dict(kv.split("=") for kv in arguments.replace(" ", "").split(","))
        k, s, p, d = (int(values.get(name, 1 if name in "sd" else 0)) for name in "kspd")
        size = nn.Conv2d(3, 8, k, stride=s, padding=p, dilation=d)(x).shape[-1]
        worked = computation.replace(r"\lfloor", "math.floor(").replace(r"\rfloor", ")")
        assert size == int(stated) == eval(worked), f"row {arguments}: {computation} = {stated}, PyTorch gives {size}"


CLAIMS = [
    # (page, text the page states, the value that text claims, how torch computes it)
    ("interview-questions.md", "`(1, 8, 62, 62)`", (1, 8, 62, 62), lambda: nn.Conv2d(3, 8, 3)(torch.zeros(1, 3, 64, 64)).shape),
    ("interview-questions.md", "= 32\\)", 32, lambda: nn.Conv2d(3, 8, 3, 2, 1)(torch.zeros(1, 3, 64, 64)).shape[-1]),
    ("interview-questions.md", "groups=8)` has", 80, lambda: count_parameters(nn.Conv2d(8, 8, 3, groups=8))),
    ("interview-questions.md", "7×7. Each 3×3", 7, lambda: receptive_field(3)),
    ("concepts/why-cnns-suit-images.md", "two stacked see 5×5", 5, lambda: receptive_field(2)),
    ("concepts/why-cnns-suit-images.md", "three\nsee 7×7", 7, lambda: receptive_field(3)),
    ("interview-questions.md", "\\(d(k-1)/2 = 2\\)", 2, lambda: same_size_padding(kernel_size=3, dilation=2)),
    ("interview-questions.md", "\\(d(k-1)+1 = 5\\)", 5, lambda: 64 - nn.Conv2d(1, 1, 3, dilation=2)(torch.zeros(1, 1, 64, 64)).shape[-1] + 1),
    ("interview-questions.md", "about a sixth", 6, lambda: round(count_parameters(nn.Conv2d(8, 32, 3)) / 368)),
    ("interview-questions.md", "roughly half", 0.5, lambda: round((nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())(torch.randn(4, 3, 64, 64)) == 0).float().mean().item(), 1)),
]


@pytest.mark.parametrize("page, stated, value, compute", CLAIMS, ids=[claim[1] for claim in CLAIMS])
def test_a_claim_in_the_prose_holds(pages, page, stated, value, compute):
    torch.manual_seed(0)
    assert stated in pages[page], f"{page} no longer says {stated!r}: update this claim"
    assert compute() == value


def test_pytorch_initialises_the_seed_conv_within_the_stated_bound(torch_values):
    bound = float(torch_values["decimals"]["default init bound"])
    conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
    assert conv.weight.abs().max() <= bound + 5e-4 and conv.bias.abs().max() <= bound + 5e-4
