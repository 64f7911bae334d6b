"""Instructor adjustments as data: `grader class ... --adjustments FILE`.

The file is a CSV with the header `student,exercise,adjustment,comment`, one adjustment a line:

    student   a student id of the class, or * for every student
    exercise  an exercise (ex07, 7 or its full name); blank for the submission's total
    adjustment
              +2, -1.5     add or take points
              =8           set the points (a regrade); later lines add to it
              -10%         take a share of the points (of the exercise, or of the whole)
              -10%/day     a late policy: per started day (or /hour) past --deadline;
              -2/day       nothing for a submission on time or without a known time
    comment   shown to the student beside the change

Adjustments are applied when the exports are written, never stored in a verdict: the grader's
own score stays beside the adjusted one in every export, and changing this file re-exports the
class without grading anyone again. Within a scope the overrides come first, then the changes,
in the file's order; an exercise's changes come before the total's, the late policy last. No
score goes below 0; a bonus may go above the maximum.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

HEADER = ["student", "exercise", "adjustment", "comment"]
EVERYONE = "*"
MAX_BYTES = 1 << 20
RULE = re.compile(r"^(?P<op>[+\-=])\s*(?P<amount>\d+(?:\.\d+)?)(?P<percent>%)?(?:\s*/\s*(?P<per>day|hour))?$")
PER_SECONDS = {"day": 86400, "hour": 3600}


class BadAdjustments(ValueError):
    """The adjustments file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Adjustment:
    line: int
    student: str  # a student id, or EVERYONE
    exercise: str  # an exercise's full name, or "" for the total
    text: str  # as written: +2, =8, -10%/day
    op: str  # "+", "-" or "="
    amount: float
    percent: bool
    per: str | None  # "day" or "hour": a late policy
    comment: str

    def to_dict(self) -> dict:
        return asdict(self)


def read(path: Path, students: list[str], exercises: list[str]) -> list[Adjustment]:
    """Every line of the file, checked against the class; BadAdjustments names the first bad line."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadAdjustments(f"{path} is larger than {MAX_BYTES >> 20} MB")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadAdjustments(f"{path} cannot be read ({exc})") from None
    return parse(text, students, exercises, str(path))


def parse(text: str, students: list[str], exercises: list[str], name: str = "adjustments") -> list[Adjustment]:
    from grader.catalog import load

    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0]] != HEADER:
        raise BadAdjustments(f"{name} line 1: the header must be {','.join(HEADER)}")
    known, found = set(students), []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(HEADER):
            raise BadAdjustments(f"{name} line {number}: {len(row)} cells; put a comment with commas in quotes")
        student, exercise, text_, comment = (row + [""] * len(HEADER))[: len(HEADER)]
        student, exercise, text_ = student.strip(), exercise.strip(), text_.strip()
        if student != EVERYONE and student not in known:
            raise BadAdjustments(f"{name} line {number}: there is no student {student!r} in this class")
        if exercise:
            try:
                exercise = load().get(exercise).name
            except KeyError:
                exercise = ""
            if exercise not in exercises:
                raise BadAdjustments(f"{name} line {number}: there is no exercise {row[1].strip()!r} in this "
                                     f"class (its exercises: {', '.join(exercises)})")
        match = RULE.match(text_)
        if not match or (match["op"] == "=" and (match["percent"] or match["per"])):
            raise BadAdjustments(f"{name} line {number}: {text_!r} is not an adjustment: write +2, -1.5, =8, "
                                 "-10% or -10%/day")
        found.append(Adjustment(number, student, exercise, text_, match["op"], float(match["amount"]),
                                bool(match["percent"]), match["per"], comment.strip()))
    return found


def apply(record: dict, adjustments: list[Adjustment], late_seconds: float | None) -> None:
    """Adjust a graded record in place: each exercise's and the total's `score` becomes the adjusted
    one, `grader_score` keeps the grader's, `adjustments` lists what changed it (with its points)."""
    record["grader_score"] = record["score"]
    record["adjustments"] = []
    mine = [a for a in adjustments if a.student in (EVERYONE, record["student"])]
    for exercise in record["exercises"]:
        exercise["grader_score"] = exercise["score"]
        changes = [a for a in mine if a.exercise == exercise["name"]]
        exercise["score"] = _adjusted(exercise["score"], exercise["max_score"], changes, late_seconds, record)
    total = round(sum(e["score"] for e in record["exercises"]), 2)
    record["score"] = _adjusted(total, record["max_score"], [a for a in mine if not a.exercise], late_seconds, record)


def _adjusted(score: float, points: float, changes: list[Adjustment], late_seconds: float | None,
              record: dict) -> float:
    ordered = sorted(changes, key=lambda a: (a.op != "=", a.per is not None, a.line))
    for change in ordered:
        before = score
        if change.op == "=":
            score = change.amount
        else:
            units = 1.0
            if change.per:
                units = math.ceil(late_seconds / PER_SECONDS[change.per]) if late_seconds and late_seconds > 0 else 0
            size = change.amount * (points / 100 if change.percent else 1.0) * units
            score = max(0.0, score + (size if change.op == "+" else -size))
        score = round(score, 2)
        if change.per and score == before:
            continue  # a late policy that did not apply: on time, or no known time
        record["adjustments"].append({"exercise": change.exercise, "adjustment": change.text,
                                      "points": round(score - before, 2), "comment": change.comment,
                                      "line": change.line})
    return score
