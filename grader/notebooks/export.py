"""Grades as `nbgrader export` writes them: one row per assignment and student, same columns.

An assignment's score is the sum of the kit's scores of the exercises in its notebooks,
its max_score the sum of their points. A student with no submission of an assignment
gets nbgrader's row for that case: no timestamp, 0.0 points. Names, emails, due dates and
late penalties live in nbgrader's database, not in the submissions: their columns stay
empty (penalty 0.0), as nbgrader writes them when it has none.
"""

from __future__ import annotations

import csv
from pathlib import Path

from grader.catalog import load
from grader.notebooks.submissions import Submission

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
           "raw_score", "late_submission_penalty", "score", "max_score"]


def rows(submissions: dict[str, list[Submission]], scores: dict[str, dict[str, float]]) -> list[dict]:
    """scores: {student: {exercise: points}} from the kit's grading."""
    catalog = load()
    exercises_of: dict[str, set[str]] = {}  # assignment -> exercises found in any student's copy
    for subs in submissions.values():
        for sub in subs:
            exercises_of.setdefault(sub.assignment, set()).update(sub.exercises)
    table = []
    for assignment in sorted(exercises_of):
        max_score = sum(catalog.get(e).points for e in exercises_of[assignment])
        for student in sorted(submissions):
            sub = next((s for s in submissions[student] if s.assignment == assignment), None)
            raw = sum(scores.get(student, {}).get(e, 0.0) for e in exercises_of[assignment]) if sub else 0.0
            table.append({
                "assignment": assignment, "duedate": "", "timestamp": sub.timestamp if sub else "",
                "student_id": student, "last_name": "", "first_name": "", "email": "",
                "raw_score": _number(raw), "late_submission_penalty": _number(0.0), "score": _number(raw),
                "max_score": _number(max_score),
            })
    return table


def write(path: Path, table: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    return path


def _number(value: float) -> str:
    return str(round(float(value), 2))  # nbgrader writes Python floats: 10.0, 6.0, 9.17
