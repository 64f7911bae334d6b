"""One drill question: what is asked, PyTorch's answer, and the one-line derivation shown after."""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of question, in the order `--topic` lists them; each is a family the schedule reviews.
KINDS = ("output_shape", "output_size", "parameters", "macs", "receptive_field", "valid", "relu", "relu_gradient")
DEFAULTS = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": True}


@dataclass
class Question:
    kind: str
    prompt: str
    expected: object  # a tuple of ints, an int, a bool, a list of floats, or oracle.INVALID
    derivation: str  # how the answer comes about, in one line (the kit's formula, shown, never the oracle)
    layer: dict | list | None = None  # nn.Conv2d (or nn.Linear) keyword arguments; a list for a stack
    input_shape: tuple | None = None
    module: str = "Conv2d"
    extra: dict = field(default_factory=dict)  # input_size (output_size), values (relu)

    def record(self) -> dict:
        """The question as the JSON transcript shows it (before the answer)."""
        return {"kind": self.kind, "module": self.module, "layer": self.layer,
                "input_shape": list(self.input_shape) if self.input_shape else None, **self.extra,
                "prompt": self.prompt, "expected": plain(self.expected)}


def plain(value: object) -> object:
    """JSON's view of an answer: tuples as lists."""
    return list(value) if isinstance(value, tuple) else value


def conv_text(kwargs: dict) -> str:
    """`Conv2d(16, 32, kernel_size=5, stride=2, padding=2)`: the arguments that differ from the defaults."""
    rest = [f"{k}={v}" for k, v in kwargs.items()
            if k not in ("in_channels", "out_channels", "kernel_size") and DEFAULTS.get(k) != v]
    return f"Conv2d({kwargs['in_channels']}, {kwargs['out_channels']}, kernel_size={kwargs['kernel_size']}" + \
        "".join(f", {r}" for r in rest) + ")"


def shape_text(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def answer_text(value: object) -> str:
    """An answer as a learner would write it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return shape_text(value)
    if isinstance(value, list):
        return "[" + ", ".join(f"{v:g}" for v in value) + "]"
    return str(value)
