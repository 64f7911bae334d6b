"""Instructors' hidden checks, as the notebooks' check cells use them.

The grader runs them (`--hidden DIR`: check_*.py modules written like grader/checks/, kept
out of the students' copy) and already masks their messages and drops their runs' output.
A notebook's report also hides their names, since nbgrader's feedback shows it to
students: a name like `negative_stride_3` would give the case away.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from grader.result import SubmissionResult

ENV = "CNN_KIT_HIDDEN_CHECKS"  # the folder, as nbgrader's kernels see it (set by the course's config)


def folder() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value and Path(value).is_dir() else None


def has_checks_for(exercise: str, directory: Path | None) -> bool:
    """Whether a check_*.py module of this folder says EXERCISE = "<exercise>"."""
    if directory is None:
        return False
    pattern = re.compile(rf"""^EXERCISE\s*=\s*["']{re.escape(exercise)}["']\s*$""", re.M)
    return any(p.is_file() and pattern.search(p.read_text(encoding="utf-8", errors="replace"))
               for p in sorted(directory.glob("check_*.py")))


def mask_names(result: SubmissionResult) -> SubmissionResult:
    """Rename every hidden test to "hidden check N" (in place), keeping status, message and points."""
    for exercise in result.exercises:
        hidden = [t for t in exercise.tests if t.hidden]
        for number, test in enumerate(hidden, start=1):
            test.name = f"hidden check {number}"
    return result
