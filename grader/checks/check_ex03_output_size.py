"""Checks for exercise 3: the output-size formula, against what PyTorch's conv produces."""

import math

import torch
import torch.nn.functional as F

from grader.checks import diagnose
from grader.checks.compare import Mistake, expect_equal, fail
from grader.checks.plan import call

EXERCISE = "ex03_output_size"


def pytorch_size(size: int, kernel_size: int, stride: int, padding: int, dilation: int) -> int:
    """The oracle: run a conv on an empty batch and read the length it makes."""
    x = torch.zeros(0, 1, size, 1)
    w = torch.zeros(1, 1, kernel_size, 1)
    return F.conv2d(x, w, stride=(stride, 1), padding=(padding, 0), dilation=(dilation, 1)).shape[2]


def _random_config(draw) -> tuple[int, int, int, int, int]:
    while True:
        k, s, d = draw.choice([1, 2, 3, 5, 7]), draw.integer(1, 4), draw.integer(1, 3)
        size, p = draw.integer(5, 200), draw.integer(0, 3)
        if size + 2 * p - d * (k - 1) - 1 >= 0:
            return size, k, s, p, d


def _uneven_config(draw) -> tuple[int, int, int, int, int]:
    """A stride that does not divide the span: floor and ceil give different answers."""
    while True:
        size, k, s, p, d = _random_config(draw)
        if s > 1 and (size + 2 * p - d * (k - 1) - 1) % s:
            return size, k, s, p, d


def _output_of_1(draw) -> tuple[int, int, int, int, int]:
    """The kernel's span fills the padded input, with up to stride - 1 pixels to spare: one position."""
    k, s, d = draw.choice([2, 3, 5]), draw.integer(1, 3), draw.integer(1, 2)
    span = d * (k - 1) + 1
    p = draw.integer(0, (span - 1) // 2)
    return span - 2 * p + draw.integer(0, s - 1), k, s, p, d


def _output_of_0(draw) -> tuple[int, int, int, int, int]:
    """The padded input is 1 to stride pixels short of the kernel's span: the formula gives 0, not below."""
    k, s, d = draw.choice([3, 5, 7]), draw.integer(1, 3), draw.integer(1, 2)
    span = d * (k - 1) + 1
    p = draw.integer(0, max(0, (span - 1 - s) // 2))
    return span - 2 * p - draw.integer(1, min(s, span - 2 * p - 1)), k, s, p, d


def plan(draw):
    """Random configurations beside the edge cases every draw asks: an output of exactly 1, strides that do
    not divide, dilation > 1, a call on the defaults; and an output of exactly 0 among the sizes that must raise."""
    ops = [call("seed", "conv_output_size", 64, 3, padding=1)]
    configs = [_random_config(draw) for _ in range(8)] + [_uneven_config(draw) for _ in range(3)]
    configs.append((draw.integer(30, 60), 3, 1, 2, draw.integer(2, 3)))  # dilation matters
    configs.append(_output_of_1(draw))
    for i, (size, k, s, p, d) in enumerate(configs):
        ops.append(call(f"config{i}", "conv_output_size", size, k, stride=s, padding=p, dilation=d))
    # stride, padding and dilation left out: the signature's defaults (1, 0, 1) are part of the answer.
    # The size is at least the widest kernel drawn (7): every configuration asked for a size has one.
    ops.append(call("config_defaults", "conv_output_size", draw.integer(7, 200), draw.choice([1, 2, 3, 5, 7])))
    too_small = [(2, 5, 1, 0, 1), (3, 3, 1, 0, 2), (draw.integer(1, 4), 9, draw.integer(1, 3), 0, 1),
                 _output_of_0(draw), (4, 5, 1, 0, 1)]
    for i, (size, k, s, p, d) in enumerate(too_small):
        ops.append(call(f"invalid{i}", "conv_output_size", size, k, stride=s, padding=p, dilation=d))
    return ops


def _args(op):
    size, k = op.args
    return size, k, op.kwargs.get("stride", 1), op.kwargs.get("padding", 0), op.kwargs.get("dilation", 1)


def _mistakes(size, k, s, p, d) -> list[Mistake]:
    return [
        Mistake("off by one in the size formula", "Count the window positions: (L - span) // s + 1, not without the + 1.",
                lambda: (size + 2 * p - d * (k - 1) - 1) // s),
        Mistake("ceil instead of floor", "A partial window at the end is dropped: use floor division (//).",
                lambda: math.ceil((size + 2 * p - d * (k - 1) - 1) / s) + 1),
        Mistake("dilation ignored", "A dilated kernel spans d * (k - 1) + 1 pixels.", lambda: (size + 2 * p - k) // s + 1),
        Mistake("padding counted on one side only", "Padding is added on both sides: + 2 * padding.",
                lambda: (size + p - d * (k - 1) - 1) // s + 1),
        Mistake("stride ignored", "Divide the free positions by the stride.", lambda: size + 2 * p - d * (k - 1)),
        Mistake("true division", "/ always gives a float, and keeps the partial window: floor-divide with //.",
                lambda: (size + 2 * p - d * (k - 1) - 1) / s + 1),
    ]


def _explained(run, op_id) -> list[Mistake]:
    """The mistakes that explain every size this submission computed (diagnose.py)."""
    sizes = [i for i in run.ops if i == "seed" or i.startswith("config")]
    return diagnose.explained(run, op_id, sizes, lambda i: _mistakes(*_args(run.ops[i])),
                              lambda i: pytorch_size(*_args(run.ops[i])), diagnose.plain_agrees)


def test_seed_layer_keeps_64(run):
    expect_equal(run.value("seed"), 64, run.ops["seed"].describe(), _explained(run, "seed"))


def test_matches_pytorch_on_random_configurations(run):
    for op_id, op in run.ops.items():
        if op_id.startswith("config"):
            expected = pytorch_size(*_args(op))
            expect_equal(run.value(op_id), expected, op.describe(), _explained(run, op_id))


def test_raises_value_error_when_output_is_below_1(run):
    for op_id, op in run.ops.items():
        if not op_id.startswith("invalid"):
            continue
        answer = run.answers.get(op_id)
        if answer is not None and not answer.ok and answer.error.get("type") == "ValueError":
            continue
        if answer is not None and not answer.ok and answer.error.get("type") not in ("NotImplementedError", None):
            fail(op.describe(), f"{answer.error.get('type')}: {answer.error.get('message')}",
                 "ValueError, with a sentence saying why", detail="Check the size first and raise ValueError yourself.")
        value = run.value(op_id)  # a stub's NotImplementedError explains itself here
        fail(op.describe(), f"the value {value!r}", "ValueError: PyTorch refuses a kernel wider than the padded input",
             detail="An output size below 1 is not a size: raise ValueError instead of returning it.")
