"""The one place that writes a grader command for the learner to type: `.venv/bin/python -m grader hint ex04 2`.

A command the kit prints must run as printed from the kit's folder in a fresh shell, where no
virtual environment is active and a bare `python` may lack torch. So it names the interpreter
that is running now: `.venv/bin/python` (what `make check` sets up) when that is the one, else
this interpreter's own path. Files written once for every learner (stubs, README, site) use
KIT_FORM, the form `make check` makes work.
"""

from __future__ import annotations

import functools
import shlex
import sys
from pathlib import Path

from grader.paths import KIT_ROOT

KIT_FORM = ".venv/bin/python -m grader"


@functools.cache
def prefix() -> str:
    """How to start the grader with the interpreter in use, from the kit's folder."""
    python = Path(sys.executable)
    try:
        inside = python.parent.resolve().relative_to(KIT_ROOT)  # not resolving the link itself: a venv's
    except ValueError:                                          # python links to the system's
        return f"{shlex.quote(str(python))} -m grader"
    return f"{shlex.quote(str(inside / python.name))} -m grader"


def grader(*words: object, workspace: str | Path | None = None) -> str:
    """`grader("hint", "ex04", 2)` -> `.venv/bin/python -m grader hint ex04 2`; a workspace other than
    exercises/ is named, so the command acts on the folder the learner is working in."""
    parts = [shlex.quote(str(word)) for word in words]
    from grader.cli import DEFAULT_WORKSPACE

    if workspace is not None and Path(workspace).resolve() != (KIT_ROOT / DEFAULT_WORKSPACE).resolve():
        parts += ["--workspace", shlex.quote(_from_kit(Path(workspace)))]
    return " ".join([prefix(), *parts])


def _from_kit(path: Path) -> str:
    """The path as typed from the kit's folder: relative inside it, absolute outside."""
    try:
        return str(path.resolve().relative_to(KIT_ROOT))
    except ValueError:
        return str(path.resolve())
