"""What a check module asks the sandbox to do, and the seeded inputs it draws for it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import torch


@dataclass
class Op:
    """One operation in the sandbox: call a function, or build a module and run it."""

    id: str
    kind: str  # "call" or "module"
    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    report_args: bool = False  # send the arguments back after the call (in-place edits show)
    load_state: dict | None = None  # module: weights to load by name (load_state_dict) before running
    assign_by_shape: tuple = ()  # module: tensors copied into the one parameter of the same shape
    report_values: bool = False  # module: send the initial parameter values back, not only their shapes
    inputs: tuple = ()  # module: forward inputs
    grad_outputs: tuple = ()  # module: dL/dy for each input, or None for forward only

    def describe(self) -> str:
        """`name(x: (2, 3, 9, 9) float32, stride=2)`: what a learner sees as "the call"."""
        parts = [describe_value(a) for a in self.args]
        parts += [f"{k}={describe_value(v)}" for k, v in self.kwargs.items()]
        text = f"{self.name}({', '.join(parts)})"
        if self.kind == "module" and self.inputs:
            shapes = ", then ".join(describe_value(x) for x in self.inputs)
            text = f"{text} applied to {shapes}"
        return text

    def __repr__(self) -> str:  # short: pytest may print it, and the tensors are long
        return f"<Op {self.id}: {self.describe()}>"


def call(id: str, name: str, *args, report_args: bool = False, **kwargs) -> Op:
    return Op(id, "call", name, args, kwargs, report_args=report_args)


def module(id: str, name: str, *args, inputs=(), grad_outputs=None, load_state=None, assign_by_shape=(),
           report_values=False, **kwargs) -> Op:
    grads = tuple(grad_outputs) if grad_outputs is not None else (None,) * len(inputs)
    return Op(id, "module", name, args, kwargs, inputs=tuple(inputs), grad_outputs=grads, load_state=load_state,
              assign_by_shape=tuple(assign_by_shape), report_values=report_values)


def describe_value(value: object) -> str:
    if isinstance(value, torch.Tensor):
        return f"tensor{tuple(value.shape)} {str(value.dtype).removeprefix('torch.')}"
    return repr(value)


class Draw:
    """Seeded random inputs: the same seed and unit give the same tensors.

    seed is an int (--seed) or a hash of the exercise's file (the default): re-grading an
    unchanged file draws the same inputs, and any edit draws new ones."""

    def __init__(self, seed: int | str, unit: str) -> None:
        digest = hashlib.sha256(f"{seed}:{unit}".encode()).digest()
        self.generator = torch.Generator().manual_seed(int.from_bytes(digest[:8], "little"))

    def normal(self, *shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=self.generator)

    def integer(self, low: int, high: int) -> int:
        """An int in [low, high]."""
        return int(torch.randint(low, high + 1, (1,), generator=self.generator))

    def choice(self, options: list):
        return options[self.integer(0, len(options) - 1)]

    def with_zeros(self, *shape: int, fraction: float = 0.1) -> torch.Tensor:
        """Normal values with some exact zeros, where ReLU's gradient convention shows."""
        x = self.normal(*shape)
        mask = torch.rand(*shape, generator=self.generator) < fraction
        return x.masked_fill(mask, 0.0)
