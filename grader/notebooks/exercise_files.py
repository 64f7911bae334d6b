"""The names an exercise asks for, read from its solution (the stub defines the same names)."""

from __future__ import annotations

import functools

from grader.notebooks.chunks import split
from grader.paths import SOLUTIONS


@functools.cache
def asked_names(exercise: str) -> tuple[str, ...]:
    """Top-level definitions of the exercise file: ("relu", "relu_backward")."""
    return split((SOLUTIONS / f"{exercise}.py").read_text(encoding="utf-8")).names
