"""OUT/gradebook.csv: one row per student; the same class graded twice gives the same file."""

from __future__ import annotations

import csv
from pathlib import Path

from grader.results import GradeResult


def write(result: GradeResult, path: Path) -> None:
    names = [e.name for e in result.students[0].exercises] if result.students else []
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *names, "score", "max_score", "status"])
        for student in sorted(result.students, key=lambda s: s.student):
            scores = {e.name: e.score for e in student.exercises}
            writer.writerow([student.student, *(_num(scores[n]) for n in names),
                             _num(student.score), _num(student.max_score), student.status])


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
