"""Checks for exercise 10: interview answers, numbers measured with PyTorch, letters from the reference."""

import pytest
import torch
from torch import nn

from grader.checks.compare import Mistake, expect_equal
from grader.checks.plan import call
from grader.reference import reference

EXERCISE = "ex10_interview_questions"


def receptive_field(*layers: nn.Module, size: int = 31) -> int:
    """Measure it: the width of the input region whose pixels move the centre output."""
    x = torch.zeros(1, 1, size, size, requires_grad=True)
    out = nn.Sequential(*layers)(x)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    columns = x.grad[0, 0].abs().sum(0).nonzero()
    return int(columns.max() - columns.min() + 1)


def _ones(layer: nn.Conv2d) -> nn.Conv2d:
    nn.init.ones_(layer.weight)  # positive weights: no cancellation hides a pixel
    return layer


def params(*layers: nn.Module) -> int:
    return sum(p.numel() for layer in layers for p in layer.parameters())


def relu_slope_at(x: float) -> float:
    t = torch.tensor(x, requires_grad=True)
    torch.relu(t).backward()
    return float(t.grad)


# question -> (the oracle, known wrong answers with what they reveal)
NUMERIC = {
    "receptive_field_two_3x3": (
        lambda: receptive_field(_ones(nn.Conv2d(1, 1, 3, bias=False)), _ones(nn.Conv2d(1, 1, 3, bias=False))),
        [Mistake("kernel sizes added", "Each layer adds k - 1 pixels to what the layer above sees: 1 + 2 + 2.", lambda: 6),
         Mistake("kernel sizes multiplied", "Receptive fields grow additively with stride 1, not multiplicatively.", lambda: 9)],
    ),
    "receptive_field_stride_2_then_3x3": (
        lambda: receptive_field(_ones(nn.Conv2d(1, 1, 3, stride=2, bias=False)), _ones(nn.Conv2d(1, 1, 3, bias=False))),
        [Mistake("stride ignored", "After a stride of 2, neighbouring outputs are 2 input pixels apart.", lambda: 5)],
    ),
    "params_two_3x3_vs_one_5x5": (
        lambda: (params(nn.Conv2d(64, 64, 3, bias=False, device="meta"), nn.Conv2d(64, 64, 3, bias=False, device="meta")),
                 params(nn.Conv2d(64, 64, 5, bias=False, device="meta"))),
        [Mistake("channels forgotten", "Each weight connects one input channel to one output channel: k * k * C_in * C_out.",
                 lambda: (18, 25))],
    ),
    "params_1x1_conv": (
        lambda: params(nn.Conv2d(64, 32, 1, device="meta")),
        [Mistake("bias forgotten", "nn.Conv2d has a bias by default: one per output channel.", lambda: 2048)],
    ),
    "relu_gradient_at_minus_two": (lambda: relu_slope_at(-2.0), []),
}
CHOICES = ["why_weight_sharing", "what_conv2d_computes", "shifted_input", "dying_relu", "why_cnns_suit_images"]


def plan(draw):
    return [call(name, name) for name in [*NUMERIC, *CHOICES]]


@pytest.mark.parametrize("question", list(NUMERIC))
def test_numeric_answer(run, question):
    oracle, mistakes = NUMERIC[question]
    answer = run.value(question)
    expected = oracle()
    if type(expected) is float and type(answer) is int:
        answer = float(answer)  # 0 and 0.0 are the same answer to "what is the slope"
    expect_equal(answer, expected, f"{question}()", mistakes)


@pytest.mark.parametrize("question", CHOICES)
def test_multiple_choice_answer(run, question):
    answer = run.value(question)
    expected = getattr(reference(EXERCISE), question)()
    if type(answer) is str:
        answer = answer.strip().upper()
    expect_equal(answer, expected, f"{question}()",
                 detail_if_wrong="Re-read each option: which one would you defend in an interview, and why are the others wrong?")
