"""Forbidden operations, made to fail loudly inside the child.

Each forbidden dotted name is replaced by a function that records the call and raises.
This teaches; it is not the only guard: the grader also scans the source (static_scan.py),
which a submission cannot patch.
"""

from __future__ import annotations

import importlib

VIOLATIONS: list[str] = []


class ForbiddenOperation(RuntimeError):
    """Raised when a submission calls an operation its exercise forbids."""


def _tripwire(dotted: str):
    def forbidden(*args, **kwargs):
        VIOLATIONS.append(dotted)
        raise ForbiddenOperation(f"{dotted} is forbidden in this exercise: write it yourself")

    forbidden.__name__ = dotted.rsplit(".", 1)[-1]
    return forbidden


def _resolve_parent(dotted: str):
    """The object owning the last attribute: 'torch.nn.functional.conv2d' -> module torch.nn.functional."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:-1]:
            obj = getattr(obj, attr)
        return obj, parts[-1]
    raise LookupError(dotted)


def install(forbidden: list[str]):
    """Replace each forbidden callable, wherever PyTorch exposes it under that name.

    Returns a function that puts the originals back: one child runs every exercise of a
    submission, and what exercise 7 forbids, exercise 1 may use."""
    saved = []
    for dotted in forbidden:
        try:
            owner, attr = _resolve_parent(dotted)
        except (LookupError, AttributeError):
            continue
        if hasattr(owner, attr):
            saved.append((owner, attr, getattr(owner, attr)))
            setattr(owner, attr, _tripwire(dotted))

    def restore() -> None:
        for owner, attr, original in reversed(saved):
            setattr(owner, attr, original)
        VIOLATIONS.clear()

    return restore
