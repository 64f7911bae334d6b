"""Checks for exercise 10: interview answers, numbers measured with PyTorch, letters from the reference.

Every answer here is the value itself, so a wrong one never gets the right one back
(shared/DESIGN.md, principle 10): a number is told the mistake it matches, or a question that
leads to the right one; a letter is told why its option is wrong. Which letter is right is never
said: the rebuttals below name only the wrong options.
"""

import functools
from dataclasses import dataclass, field
from typing import Callable

import torch
from torch import nn

from grader.checks import teach
from grader.checks.cases import cases
from grader.checks.compare import Mistake, kind_of
from grader.checks.plan import call
from grader.reference import reference

EXERCISE = "ex10_interview_questions"
# The catalog's hints of exercise 10: 1 receptive fields, 2 parameter counts, 3 sharing, translation, ReLU.
RECEPTIVE_FIELD_HINT, PARAMETERS_HINT, CONCEPTS_HINT = 1, 2, 3


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


@dataclass(frozen=True)
class Numeric:
    """A question answered with a number: how PyTorch measures it, and what a wrong answer likely means."""

    measure: Callable[[], object]
    what: str  # what a wrong answer is not: "Your answer 6: not <what>."
    hint: int
    nudge: str  # a question that leads on, when no known mistake matches
    mistakes: list[Mistake] = field(default_factory=list)
    parts: tuple[str, ...] = ()  # what each number of a tuple answer counts


NUMERIC = {
    "receptive_field_two_3x3": Numeric(
        lambda: receptive_field(_ones(nn.Conv2d(1, 1, 3, bias=False)), _ones(nn.Conv2d(1, 1, 3, bias=False))),
        "the receptive field PyTorch measures", RECEPTIVE_FIELD_HINT,
        "Draw one row of pixels: mark what one output of the second conv reads, then what each of those reads "
        "in the input. How wide is the union?",
        [Mistake("kernel sizes added", "Each layer adds k - 1 pixels to what the layer above sees, not k: "
                 "the pixel the window is centred on is counted once.", lambda: 6),
         Mistake("kernel sizes multiplied", "With stride 1, receptive fields grow by addition, not multiplication.",
                 lambda: 9),
         Mistake("one layer counted", "3 is the kernel's own size: stack the second layer on top of it.", lambda: 3),
         Mistake("centre pixel left out", "Each layer adds k - 1 pixels around the pixel it is centred on: "
                 "count that pixel too.", lambda: 4)],
    ),
    "receptive_field_stride_2_then_3x3": Numeric(
        lambda: receptive_field(_ones(nn.Conv2d(1, 1, 3, stride=2, bias=False)), _ones(nn.Conv2d(1, 1, 3, bias=False))),
        "the receptive field PyTorch measures", RECEPTIVE_FIELD_HINT,
        "Neighbouring outputs of a stride-2 conv are centred on input pixels 2 apart: how far apart, in input "
        "pixels, are the taps of the second conv?",
        [Mistake("stride ignored", "After a stride of 2, neighbouring outputs of the first conv are 2 input pixels "
                 "apart: each extra tap of the second conv reaches 2 pixels further, not 1.", lambda: 5),
         Mistake("kernel sizes added", "Each layer adds k - 1 taps to what the layer above sees, not k, and the "
                 "stride spaces the second layer's taps apart.", lambda: 6),
         Mistake("kernel sizes multiplied", "Receptive fields grow by addition: each layer adds its extra taps, "
                 "spaced by the strides before it.", lambda: 9),
         Mistake("one layer counted", "3 is the first kernel's own size: stack the second layer on top of it.",
                 lambda: 3)],
    ),
    "params_two_3x3_vs_one_5x5": Numeric(
        lambda: (params(nn.Conv2d(64, 64, 3, bias=False, device="meta"), nn.Conv2d(64, 64, 3, bias=False, device="meta")),
                 params(nn.Conv2d(64, 64, 5, bias=False, device="meta"))),
        "the parameter counts of these layers", PARAMETERS_HINT,
        "Count one layer's weights as k * k * C_in * C_out, then add up the layers of each option.",
        [Mistake("channels forgotten", "Each weight connects one input channel to one output channel: "
                 "k * k * C_in * C_out.", lambda: (18, 25)),
         Mistake("one channel count left out", "Both channel counts multiply: k * k * C_in * C_out.",
                 lambda: (2 * 3 * 3 * 64, 5 * 5 * 64)),
         Mistake("one 3x3 conv counted, not two", "The stack has two 3x3 convs: count both.",
                 lambda: (3 * 3 * 64 * 64, 5 * 5 * 64 * 64)),
         Mistake("biases counted", "The question says no bias: count the weights only.",
                 lambda: (2 * (3 * 3 * 64 * 64 + 64), 5 * 5 * 64 * 64 + 64)),
         Mistake("order swapped", "The tuple's order is (two stacked 3x3 convs, one 5x5 conv).",
                 lambda: (5 * 5 * 64 * 64, 2 * 3 * 3 * 64 * 64))],
        parts=("two stacked 3x3 convs", "one 5x5 conv"),
    ),
    "params_1x1_conv": Numeric(
        lambda: params(nn.Conv2d(64, 32, 1, device="meta")),
        "the parameter count of this layer", PARAMETERS_HINT,
        "A 1x1 conv is a linear map across channels at each pixel: count its weights, then its biases.",
        [Mistake("bias forgotten", "nn.Conv2d has a bias by default: one per output channel.", lambda: 64 * 32),
         Mistake("one bias per input channel", "There is one bias per filter, i.e. per output channel.",
                 lambda: 64 * 32 + 64),
         Mistake("one bias for the layer", "There is one bias per filter, i.e. per output channel.",
                 lambda: 64 * 32 + 1),
         Mistake("channels added", "Each weight connects one input channel to one output channel: the channel "
                 "counts multiply.", lambda: 64 + 32 + 32)],
    ),
    "relu_gradient_at_minus_two": Numeric(
        lambda: relu_slope_at(-2.0),
        "the slope of ReLU at x = -2.0", CONCEPTS_HINT,
        "Sketch ReLU around x = -2.0: how much does its output change when x moves a little?",
        [Mistake("slope of the positive side", "1 is ReLU's slope for positive inputs: which side of zero is "
                 "x = -2.0?", lambda: 1.0),
         Mistake("x given, not the slope", "-2.0 is the input itself: the question asks how fast ReLU's output "
                 "changes there.", lambda: -2.0),
         Mistake("sign flipped", "A slope of -1 would mean ReLU's output falls as x rises: does it ever fall?",
                 lambda: -1.0)],
    ),
}

@functools.cache
def _measured(question: str) -> object:
    """What PyTorch measures for a numeric question: a constant, measured once per grader."""
    return NUMERIC[question].measure()


# Why each wrong option is wrong, by question and letter. The right letter has no entry: the
# reference solution holds it, and tests/test_no_answer_leaks.py proves these cover the others.
REBUTTALS = {
    "why_weight_sharing": {
        "B": "Precision changes how many bytes each parameter takes, not how many parameters there are; "
             "nn.Conv2d stores float32 by default.",
        "C": "ReLU acts on the activations, not on the weights, and a weight that happens to be zero is still a parameter.",
        "D": "Padding adds pixels around the input; it removes no weights.",
    },
    "what_conv2d_computes": {
        "A": "A true convolution flips the kernel; nn.Conv2d slides it as it is.",
        "C": "nn.Conv2d works on the pixels directly: a dot product of the kernel with each window, no Fourier transform.",
        "D": "A max over each window is max pooling (nn.MaxPool2d); a conv takes a weighted sum.",
    },
    "shifted_input": {
        "A": "Invariance would mean the output does not change at all; a conv's output keeps one position per input "
             "position. What happens to those positions when the input moves?",
        "C": "The weights are shared: the same kernel is applied at every position.",
        "D": "The bias is a learned parameter, the same wherever the input sits: moving the input changes no parameter.",
    },
    "dying_relu": {
        "B": "ReLU cannot overflow by itself: its output is either its input or zero.",
        "C": "An optimiser changes the values of parameters; it never removes a layer.",
        "D": "ReLU's slope is never above 1, so it cannot make a gradient explode by itself; the problem it is known "
             "for is the opposite.",
    },
    "why_cnns_suit_images": {
        "A": "Locality is a real reason: a conv looks at a small window because nearby pixels are related. "
             "The question asks for the option that is NOT a reason.",
        "B": "Weight sharing is a real reason: fewer parameters, and a feature detector that works at every position. "
             "The question asks for the option that is NOT a reason.",
        "C": "Hierarchy is a real reason: deeper layers see larger regions and combine simpler features. "
             "The question asks for the option that is NOT a reason.",
    },
}
CHOICES = list(REBUTTALS)


def plan(draw):
    return [call(name, name) for name in [*NUMERIC, *CHOICES]]


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def _parts_off(question: Numeric, answer: tuple, expected: tuple) -> list[str]:
    """For a tuple answer: which of its numbers is off, and which way."""
    if len(answer) != len(expected):
        return [f"The question asks for {len(expected)} counts, in this order: ({', '.join(question.parts)})."]
    return [f"The count of {part} is {teach.too_large_or_small(a, e)}."
            for part, a, e in zip(question.parts, answer, expected) if a != e]


@cases("question", list(NUMERIC))
def test_numeric_answer(run, question):
    numeric = NUMERIC[question]
    answer = run.value(question)
    expected = _measured(question)
    if type(expected) is float and type(answer) is int:
        answer = float(answer)  # 0 and 0.0 are the same answer to "what is the slope"
    if teach.same_plain(answer, expected):
        return
    problem = teach.type_problem(answer, expected)
    if problem:
        teach.reject(f"{question}()", f"Got: {kind_of(answer)}", [problem], EXERCISE, numeric.hint)
    matched = teach.matching(numeric.mistakes, answer)
    wrong = [f"Your answer {_short(answer)}: not {numeric.what}."]
    if type(expected) is tuple:
        wrong += _parts_off(numeric, answer, expected)
    if not matched:
        wrong.append(numeric.nudge)
    teach.reject(f"{question}()", wrong[0], wrong[1:], EXERCISE, numeric.hint, matched)


@cases("question", CHOICES)
def test_multiple_choice_answer(run, question):
    answer = run.value(question)
    expected = getattr(reference(EXERCISE), question)()
    if type(answer) is str:
        answer = answer.strip().upper()
    if teach.same_plain(answer, expected):
        return
    if type(answer) is not str:
        teach.reject(f"{question}()", f"Got: {kind_of(answer)}", [teach.type_problem(answer, expected)],
                     EXERCISE, CONCEPTS_HINT)
    why_not = REBUTTALS[question].get(answer)
    if why_not is None:
        why_not = "that is not one of the options: return the single letter printed before the option you choose."
    teach.reject(f"{question}()", f"Your answer {_short(answer)}: {why_not}", [], EXERCISE, CONCEPTS_HINT)
