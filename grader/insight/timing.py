"""Where grading time goes: per exercise, the student's code in the sandbox and the grader's own checks.

A slow check shows as an exercise whose checks take long for everyone; a slow student as one run far
above its exercise's median. Medians and the 95th percentile, because one hung run (a timeout) would
swamp a mean.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from grader.insight.stats import ExerciseStats

SLOWEST = 5


@dataclass
class ExerciseTime:
    name: str
    code_median: float
    code_p95: float
    code_max: float
    checks_median: float
    checks_p95: float
    checks_max: float


def per_exercise(exercises: list[ExerciseStats]) -> list[ExerciseTime]:
    return [ExerciseTime(e.name, *_spread(e.seconds), *_spread(e.check_seconds)) for e in exercises]


def slowest_runs(records: list[dict], names: list[str]) -> list[tuple[str, str, float, float]]:
    """(student, exercise, code seconds, check seconds) of the slowest runs, slowest first."""
    runs = [(r["student"], e["name"], float(e.get("seconds") or 0.0), float(e.get("check_seconds") or 0.0))
            for r in records for e in r.get("exercises", []) if e.get("name") in names]
    return sorted(runs, key=lambda run: (-(run[2] + run[3]), run[0], run[1]))[:SLOWEST]


def _spread(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return 0.0, 0.0, 0.0
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]  # nearest rank: a real run
    return statistics.median(ordered), p95, ordered[-1]
