"""Checks for exercise 2: shape predictions, each compared with what PyTorch really does."""

import pytest
import torch
from torch import nn

from grader.checks.compare import Mistake, expect_equal, fail
from grader.checks.plan import call

EXERCISE = "ex02_predict_shapes"


def _seed(**changes) -> tuple[int, ...]:
    """Run the seed layer with some arguments changed, on shape-only meta tensors."""
    batch, in_ch = changes.pop("batch", 1), changes.pop("in_channels", 3)
    conv_args = {"in_channels": in_ch, "out_channels": 8, "kernel_size": 3, "padding": 1, **changes}
    x = torch.empty(batch, in_ch, 64, 64, device="meta")
    return tuple(nn.Conv2d(**conv_args, device="meta")(x).shape)


def _stacked() -> tuple[int, ...]:
    x = torch.empty(1, 3, 64, 64, device="meta")
    layers = nn.Sequential(nn.Conv2d(3, 8, 3, device="meta"), nn.Conv2d(8, 8, 3, device="meta"))
    return tuple(layers(x).shape)


def _flattened() -> tuple[int, ...]:
    x = torch.empty(1, 3, 64, 64, device="meta")
    return tuple(nn.Flatten()(torch.relu(nn.Conv2d(3, 8, 3, padding=1, device="meta")(x))).shape)


# The oracle: PyTorch's own layers, run on the scenario each docstring line describes.
SCENARIOS = {
    "seed_input": lambda: (1, 3, 64, 64),
    "seed_after_conv": lambda: _seed(),
    "seed_after_relu": lambda: tuple(torch.relu(torch.empty(_seed(), device="meta")).shape),
    "no_padding": lambda: _seed(padding=0),
    "stride_2": lambda: _seed(stride=2),
    "kernel_5_padding_2": lambda: _seed(kernel_size=5, padding=2),
    "batch_of_16": lambda: _seed(batch=16),
    "grayscale": lambda: _seed(in_channels=1),
    "out_channels_16": lambda: tuple(nn.Conv2d(3, 16, 3, padding=1, device="meta")(torch.empty(1, 3, 64, 64, device="meta")).shape),
    "dilation_2": lambda: _seed(dilation=2),
    "two_stacked_no_pad": _stacked,
    "flattened": _flattened,
}


def plan(draw):
    return [call("shapes", "predict_shapes")]


def _mistakes(expected: tuple[int, ...]) -> list[Mistake]:
    if len(expected) != 4:
        return [Mistake("missing batch dimension", "nn.Flatten keeps N, the batch size, as the first dimension.",
                        lambda: expected[1:]),
                Mistake("channel count left out", "nn.Flatten keeps N and multiplies C * H * W.", lambda: (expected[0], 64 * 64))]
    n, c, h, w = expected
    return [
        Mistake("missing batch dimension", "Shapes in PyTorch start with N, the batch size, even when N = 1.", lambda: (c, h, w)),
        Mistake("channels-last layout", "PyTorch's layout is (N, C, H, W): channels come before height and width.", lambda: (n, h, w, c)),
        Mistake("padding ignored", "Padding adds p pixels on each side: H + 2p before the kernel slides.", lambda: (n, c, h - 2, w - 2)),
        Mistake("off by one in the size formula", "H_out = floor((H + 2p - d(k - 1) - 1) / s) + 1: mind the + 1.", lambda: (n, c, h - 1, w - 1)),
        Mistake("off by one in the size formula", "H_out = floor((H + 2p - d(k - 1) - 1) / s) + 1: mind the + 1.", lambda: (n, c, h + 1, w + 1)),
        Mistake("in_channels kept", "After a conv, C is the layer's out_channels.", lambda: (n, 3, h, w)),
        Mistake("stride ignored", "A stride s keeps about one position in s along each axis.", lambda: (n, c, 2 * h, 2 * w)),
    ]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_predicted_shape(run, scenario):
    answers = run.value("shapes")
    call_text = f"predict_shapes()[{scenario!r}]"
    if type(answers) is not dict:
        fail("predict_shapes()", f"a {type(answers).__name__}", "a dict mapping each scenario name to a shape tuple")
    if scenario not in answers:
        fail(call_text, "no entry for this scenario", f"a key {scenario!r} (see the docstring's list)")
    expected = SCENARIOS[scenario]()
    expect_equal(answers[scenario], expected, call_text, _mistakes(expected))
