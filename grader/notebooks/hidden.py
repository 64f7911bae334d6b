"""Instructors' hidden checks: check modules kept out of the students' copy, reported masked.

A hidden check module is written like grader/checks/check_*.py (EXERCISE, plan, test_*)
and lives in a folder of the instructor's (the course's hidden/ by default). Learners see
that a hidden check passed or failed, never its name, message, inputs or code: the
notebook's check cell shows only the masked report, so nbgrader's feedback does too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from grader.results import ExerciseResult, TestResult

ENV = "CNN_KIT_HIDDEN_CHECKS"  # the folder, as nbgrader's kernels see it (set by the course's config)
MASKED_MESSAGE = ("A hidden check failed. Hidden checks test the same task on cases you have not seen; "
                  "make sure your code follows the task for every input it allows, not only the visible checks.")


def folder() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value and Path(value).is_dir() else None


def modules_for(exercise: str, directory: Path | None) -> list[Path]:
    """The hidden check modules of one exercise (EXERCISE = "<name>" in the file)."""
    if directory is None:
        return []
    pattern = re.compile(rf"""^EXERCISE\s*=\s*["']{re.escape(exercise)}["']\s*$""", re.M)
    return [p for p in sorted(directory.glob("*.py"))
            if p.is_file() and pattern.search(p.read_text(encoding="utf-8", errors="replace"))]


def merge(visible: ExerciseResult, hidden: ExerciseResult | None) -> ExerciseResult:
    """One exercise's result over visible and hidden checks: points split evenly over all of them."""
    if hidden is None or not hidden.tests:
        return visible
    masked = [TestResult(f"hidden check {i}", t.status, "" if t.status == "passed" else MASKED_MESSAGE, 0.0, 0.0)
              for i, t in enumerate(hidden.tests, start=1)]
    tests = list(visible.tests) + masked
    share = round(visible.max_score / len(tests), 4)
    tests = [TestResult(t.name, t.status, t.message, share if t.status == "passed" else 0.0, share) for t in tests]
    return ExerciseResult(visible.name, visible.title, tests, visible.max_score)
