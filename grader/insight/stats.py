"""The numbers of the insight report, computed once from the plain result records.

A record is one student (fields in records.py). Exercises, their order, titles
and points come from the catalog, never from what a record happens to list. Two statuses are never a 0:
`not graded` (not reached yet) and `infra_error` (the grader failed); students with them, and those who
handed in nothing (`missing`), are left out of the mean, the median and the histogram, and counted
separately. A missing exercise is counted apart from broken code, and left out of its exercise's mean.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

COUNTED = ("graded", "incomplete", "timeout", "memory", "error")  # the student's own outcome: the score counts
NOT_COUNTED = ("not graded", "infra_error", "missing")  # missing: nothing was handed in (a 0 in the gradebook)
STUDENT_PROBLEMS = ("timeout", "memory", "error")
FULL_MARKS_SLACK = 1e-6  # points are shares of the exercise's points: sums of floats


@dataclass
class Overview:
    students: int
    counted: list[float]  # scores in the mean, median and histogram
    max_score: float
    statuses: Counter  # student-level status -> students
    exercise_problems: Counter  # timeout/memory/error/infra_error -> students with one such exercise

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.counted) if self.counted else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.counted) if self.counted else None

    @property
    def left_out(self) -> dict[str, int]:
        return {status: self.statuses[status] for status in NOT_COUNTED if self.statuses[status]}


@dataclass
class CheckRate:
    name: str
    hidden: bool
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class ExerciseStats:
    name: str
    title: str
    points: float
    scores: list[float] = field(default_factory=list)  # of the students whose exercise counts
    full_marks: int = 0
    statuses: Counter = field(default_factory=Counter)
    checks: list[CheckRate] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)  # the student's code in the sandbox
    check_seconds: list[float] = field(default_factory=list)  # the grader's checks

    @property
    def number(self) -> str:
        return self.name.split("_", 1)[0]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def full_share(self) -> float | None:
        return self.full_marks / len(self.scores) if self.scores else None


def overview(records: list[dict], max_score: float) -> Overview:
    statuses = Counter(r.get("status", "not graded") for r in records)
    counted = [float(r["score"]) for r in records if r.get("status") in COUNTED and r.get("score") is not None]
    problems: Counter = Counter()
    for r in records:
        seen = {e.get("status") for e in r.get("exercises", [])} & {*STUDENT_PROBLEMS, "infra_error", "missing"}
        problems.update(seen)
    return Overview(len(records), counted, max_score, statuses, problems)


def exercises(records: list[dict], catalog) -> list[ExerciseStats]:
    out = []
    for entry in catalog.exercises:
        stats = ExerciseStats(entry.name, entry.title, entry.points)
        checks: dict[str, CheckRate] = {}
        for record in records:
            result = exercise_of(record, entry.name)
            if result is None:
                continue
            status = result.get("status", "not graded")
            stats.statuses[status] += 1
            if status != "missing":  # nothing ran: no time to count
                _time(stats, result)
            if status not in COUNTED:
                continue
            score = float(result.get("score") or 0.0)
            stats.scores.append(score)
            stats.full_marks += score >= float(result.get("max_score", entry.points)) - FULL_MARKS_SLACK
            for test in result.get("tests", []):
                rate = checks.setdefault(test["name"], CheckRate(test["name"], bool(test.get("hidden")), 0, 0))
                rate.total += 1
                rate.passed += test.get("status") == "passed"
        stats.checks = list(checks.values())  # in the order the grader ran them
        out.append(stats)
    return out


def exercise_of(record: dict, name: str) -> dict | None:
    return next((e for e in record.get("exercises", []) if e.get("name") == name), None)


def _time(stats: ExerciseStats, result: dict) -> None:
    if isinstance(result.get("seconds"), (int, float)):
        stats.seconds.append(float(result["seconds"]))
    if isinstance(result.get("check_seconds"), (int, float)):
        stats.check_seconds.append(float(result["check_seconds"]))


def histogram(scores: list[float], max_score: float, bins: int = 10) -> list[tuple[float, float, int]]:
    """(low, high, students) per bin of equal width; a bin holds low <= score < high, the last one
    also the full score."""
    width = max_score / bins if max_score > 0 else 1.0
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score / width + FULL_MARKS_SLACK)))] += 1
    return [(i * width, (i + 1) * width, n) for i, n in enumerate(counts)]
