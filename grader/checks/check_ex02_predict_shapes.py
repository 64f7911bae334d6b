"""Checks for exercise 2: shape predictions, each compared with what PyTorch really does.

The shape is the answer the exercise asks for, so a wrong prediction never gets the right one
back (shared/DESIGN.md, principle 10): the message says which of N, C, H, W is off and why,
names the known mistakes the prediction matches, and points to the hint that helps.
"""

import functools
import math
from dataclasses import dataclass, replace

import torch
from torch import nn

from grader.checks import diagnose, shapes, teach
from grader.checks.cases import cases
from grader.checks.compare import Mistake, fail, kind_of
from grader.checks.plan import call

EXERCISE = "ex02_predict_shapes"
SIZE = 64  # the seed input's height and width
SIZE_FORMULA = "floor((H + 2p - d(k - 1) - 1) / s) + 1"


@dataclass(frozen=True)
class Scenario:
    """One line of the docstring: the seed block, with some of its settings changed."""

    batch: int = 1
    in_channels: int = 3
    out_channels: int = 8
    kernel_size: int = 3
    stride: int = 1
    padding: int = 1
    dilation: int = 1
    convs: int = 1  # 0: the input itself; 2: a second conv, out_channels -> out_channels
    relu: bool = False
    flatten: bool = False  # nn.Flatten after the ReLU

    def shape(self) -> tuple[int, ...]:
        """The oracle: PyTorch's own layers, run on an empty batch (once: it is a constant)."""
        return _measured(self)

    def measure(self) -> tuple[int, ...]:
        layers = [nn.Conv2d(self.out_channels if i else self.in_channels, self.out_channels, self.kernel_size,
                            stride=self.stride, padding=self.padding, dilation=self.dilation)
                  for i in range(self.convs)]
        layers += [nn.ReLU()] if self.relu else []
        layers += [nn.Flatten()] if self.flatten else []  # (N, C * H * W)
        return shapes.after(layers, self.batch, self.in_channels, SIZE, SIZE)

    def by_formula(self, size_of) -> tuple[int, ...]:
        """The shape with the spatial size worked out by size_of(H, k, s, p, d): how a wrong formula answers."""
        h = SIZE
        for _ in range(self.convs):
            h = size_of(h, self.kernel_size, self.stride, self.padding, self.dilation)
        return self.finish((self.batch, self.out_channels if self.convs else self.in_channels, h, h))

    def finish(self, shape: tuple[int, int, int, int]) -> tuple[int, ...]:
        """A (N, C, H, W) shape as this scenario reports it: flattened per image where it flattens."""
        n, c, h, w = shape
        return (n, c * h * w) if self.flatten else shape


@functools.cache
def _measured(scenario: Scenario) -> tuple[int, ...]:
    return scenario.measure()


SCENARIOS = {
    "seed_input": Scenario(convs=0),
    "seed_after_conv": Scenario(),
    "seed_after_relu": Scenario(relu=True),
    "no_padding": Scenario(padding=0),
    "stride_2": Scenario(stride=2),
    "kernel_5_padding_2": Scenario(kernel_size=5, padding=2),
    "batch_of_16": Scenario(batch=16),
    "grayscale": Scenario(in_channels=1),
    "out_channels_16": Scenario(out_channels=16),
    "dilation_2": Scenario(dilation=2),
    "two_stacked_no_pad": Scenario(padding=0, convs=2),
    "flattened": Scenario(relu=True, flatten=True),
}
SEED = Scenario()


def plan(draw):
    return [call("shapes", "predict_shapes")]


# Wrong formulas for the spatial size, each a slip seen in interviews. Ceil first: where the
# stride does not divide evenly it is the likelier slip, and elsewhere it gives the right size.
FORMULA_SLIPS = [
    ("ceil instead of floor", "A window that would run past the padded border is not kept: floor, not ceil.",
     lambda h, k, s, p, d: math.ceil((h + 2 * p - d * (k - 1) - 1) / s) + 1),
    ("off by one in the size formula", f"H_out = {SIZE_FORMULA}: mind the - 1 and the + 1.",
     lambda h, k, s, p, d: (h + 2 * p - d * (k - 1) - 1) // s),
    ("off by one in the size formula", f"H_out = {SIZE_FORMULA}: mind the - 1 and the + 1.",
     lambda h, k, s, p, d: (h + 2 * p - d * (k - 1) - 1) // s + 2),
    ("padding counted on one side only", "Padding adds p pixels on each side: H + 2p, not H + p.",
     lambda h, k, s, p, d: (h + p - d * (k - 1) - 1) // s + 1),
]


def _mistakes(s: Scenario) -> list[Mistake]:
    """Known wrong answers of a scenario, derived from it: never shown, only compared with."""
    n, c, h, w = replace(s, flatten=False).shape()
    if s.flatten:
        layout = [Mistake("missing batch dimension", "nn.Flatten keeps N, the batch size, as the first dimension.",
                          lambda: (c * h * w,)),
                  Mistake("nn.Flatten not applied", "nn.Flatten turns each image's (C, H, W) into one dimension.",
                          lambda: (n, c, h, w)),
                  Mistake("H and W flattened, C kept", "nn.Flatten flattens every dimension after N, C included.",
                          lambda: (n, c, h * w)),
                  Mistake("channel count left out", "nn.Flatten keeps every channel: it multiplies C * H * W.",
                          lambda: (n, h * w))]
    else:
        layout = [Mistake("missing batch dimension", "Shapes in PyTorch start with N, the batch size, even for one image.",
                          lambda: (c, h, w)),
                  Mistake("channels-last layout", "PyTorch's layout is (N, C, H, W): channels come before height and width.",
                          lambda: (n, h, w, c))]
    # The scenario with one of its settings left as the seed layer's, or dropped.
    settings = [
        (s.convs and s.padding, "padding ignored",
         "Padding adds p pixels on each side before the kernel slides: the conv sees H + 2p pixels.", replace(s, padding=0)),
        (s.convs and s.padding != SEED.padding, "seed padding kept",
         "This scenario sets its own padding: use it rather than the seed layer's.", replace(s, padding=SEED.padding)),
        (s.kernel_size != SEED.kernel_size, "seed kernel size kept",
         "A larger kernel loses more pixels at the border, which this scenario's padding gives back.",
         replace(s, kernel_size=SEED.kernel_size)),
        (s.stride != 1, "stride ignored",
         "A stride s moves the window s pixels at a time: about one position in s is kept along each axis.",
         replace(s, stride=1)),
        (s.dilation != 1, "dilation ignored",
         "Dilation d spreads the kernel's taps d pixels apart: a k x k kernel then spans d(k - 1) + 1 pixels.",
         replace(s, dilation=1)),
        (s.batch != SEED.batch, "batch size not passed through",
         "N passes through a conv unchanged: as many feature maps come out as images go in.", replace(s, batch=SEED.batch)),
        (s.out_channels != SEED.out_channels, "seed out_channels kept",
         "This scenario's conv has its own out_channels, and C after a conv is out_channels.",
         replace(s, out_channels=SEED.out_channels)),
        (s.convs == 2, "one conv counted, not two", "The second conv shrinks the first one's output again.",
         replace(s, convs=1)),
        (s.convs == 0, "a conv applied to the input", "This asks for the input tensor itself, before any layer.",
         replace(s, convs=1)),
    ]
    changed = [Mistake(name, advice, wrong.shape) for applies, name, advice, wrong in settings if applies]
    if s.convs and s.in_channels != s.out_channels:
        changed.append(Mistake("in_channels kept", "The input's channel count was kept: a conv makes one feature map per filter.",
                               lambda: s.finish((n, s.in_channels, h, w))))
    slips = [Mistake(name, advice, lambda size_of=size_of: s.by_formula(size_of))
             for name, advice, size_of in FORMULA_SLIPS if s.convs]
    right = s.shape()
    if s.batch != 1:  # the slip is leaving out N = 1, "one image": a batch of 16 keeps its N
        layout = [m for m in layout if m.name != "missing batch dimension"]
    return [m for m in layout + changed + slips if _formable(m) != right]


def _formable(mistake: Mistake):
    try:
        return mistake.answer()
    except Exception:  # noqa: BLE001 - a setting PyTorch refuses is no candidate
        return None


def _dimensions_off(s: Scenario, got: tuple, right: tuple) -> tuple[list[str], int]:
    """Lines that name what is off in a prediction of the right type, and why; and the hint that helps."""
    if len(got) != len(right):
        if s.flatten:
            why = "nn.Flatten keeps N and flattens the rest, C * H * W, into one dimension."
        elif s.convs == 0:
            why = "The input is a batch of images, in (N, C, H, W) layout."
        else:
            why = "A conv's output keeps all four dimensions of its input: (N, C, H, W)."
        return [f"Wrong number of dimensions. {why}"], 1
    lines, hint = [], 3
    if got[0] != right[0]:
        lines.append("N is off: " + ("the input's N is how many images the docstring gives." if s.convs == 0 else
                                     "N, the batch size, passes through a conv and a ReLU unchanged."))
        hint = 1
    if s.flatten:
        if got[1] != right[1]:
            lines.append(f"The flattened size is {teach.too_large_or_small(got[1], right[1])}: nn.Flatten multiplies "
                         "C * H * W of the ReLU's output, so work that shape out first.")
        return lines, hint
    if got[1] != right[1]:
        lines.append("C is off: " + ("the input's C is its number of channels, as the docstring gives it." if s.convs == 0
                                     else "after a conv, C is the layer's out_channels (a ReLU keeps it)."))
        hint = min(hint, 2)
    for direction in ("too large", "too small"):
        names = [name for name, g, r in zip("HW", got[2:], right[2:])
                 if g != r and teach.too_large_or_small(g, r) == direction]
        if not names:
            continue
        subject = " and ".join(names) + (" are" if len(names) > 1 else " is")
        if s.convs == 0:
            lines.append(f"{subject} off: this is the input itself, before any layer changes its size.")
        else:
            lines.append(f"{subject} {direction}: each conv maps H to {SIZE_FORMULA}, with this scenario's "
                         "kernel size k, stride s, padding p and dilation d.")
    return lines, hint


@cases("scenario", list(SCENARIOS))
def test_predicted_shape(run, scenario):
    answers = run.value("shapes")
    call_text = f"predict_shapes()[{scenario!r}]"
    if type(answers) is not dict:
        fail("predict_shapes()", kind_of(answers), "a dict mapping each scenario name to a shape tuple")
    if scenario not in answers:
        fail(call_text, "no entry for this scenario", f"a key {scenario!r} (see the docstring's list)")
    s = SCENARIOS[scenario]
    expected, got = s.shape(), answers[scenario]
    if teach.same_plain(got, expected):
        return
    got_line = f"Got: {kind_of(got)}"
    problem = teach.type_problem(got, expected)
    if problem:
        teach.reject(call_text, got_line, [problem], EXERCISE, 1)
    lines, hint = _dimensions_off(s, got, expected)
    named = run.once("explains", lambda: _explaining_every_scenario(answers))
    teach.reject(call_text, got_line, lines, EXERCISE, hint,
                 [m for m in teach.matching(_mistakes(s), got) if m.name in named])


def _explaining_every_scenario(answers: dict) -> set[str]:
    """The mistakes that explain the prediction of every scenario (diagnose.py): one slip that fits
    one scenario by chance is not named where the other scenarios show it was not made."""
    calls = [(answers.get(name, diagnose.NO_ANSWER), _mistakes(s), s.shape) for name, s in SCENARIOS.items()]
    return diagnose.explaining(calls, diagnose.plain_agrees)
