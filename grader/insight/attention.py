"""Students who need attention: lowest scores, no points, stuck at the start, errors, missing work,
late work, grader failures.

Each list answers one question an instructor acts on before the next lecture, and says its rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.insight.stats import COUNTED, FULL_MARKS_SLACK, STUDENT_PROBLEMS, exercise_of

LOWEST = 10  # how many of the lowest scores above 0 and below full marks to list
FIRST_EXERCISES = 2  # "the start" of the course, in catalog order
STUCK_SHARE = 0.5  # stuck: under this share of the first exercises' points


@dataclass
class Attention:
    lowest: list[tuple[str, float]] = field(default_factory=list)  # (student, score), lowest first
    no_points: list[str] = field(default_factory=list)
    stuck: list[tuple[str, float, float]] = field(default_factory=list)  # (student, points, of points)
    problems: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # (student, [(ex, status)])
    infra: list[tuple[str, list[str]]] = field(default_factory=list)  # (student, exercises or ["all"])
    not_graded: list[str] = field(default_factory=list)
    missing: list[tuple[str, list[str]]] = field(default_factory=list)  # (student, exercises or ["all"])
    late: list[tuple[str, float]] = field(default_factory=list)  # (student, seconds late), latest first
    first_exercises: list[str] = field(default_factory=list)


def attention(records: list[dict], catalog) -> Attention:
    names = [e.name for e in catalog.exercises]
    first = catalog.exercises[:FIRST_EXERCISES]
    first_points = sum(e.points for e in first)
    out = Attention(first_exercises=[e.name for e in first])
    counted = [r for r in records if r.get("status") in COUNTED and r.get("score") is not None]
    out.no_points = sorted(r["student"] for r in counted if float(r["score"]) <= 0)
    above = sorted((float(r["score"]), r["student"]) for r in counted
                   if 0 < float(r["score"]) < float(r["max_score"]) - FULL_MARKS_SLACK)  # full marks need nothing
    out.lowest = [(student, score) for score, student in above[:LOWEST]]
    for r in sorted(counted, key=lambda r: r["student"]):
        got = sum(float((exercise_of(r, e.name) or {}).get("score") or 0.0) for e in first)
        if float(r["score"]) > 0 and got < STUCK_SHARE * first_points:
            out.stuck.append((r["student"], got, first_points))
    for r in sorted(records, key=lambda r: r["student"]):
        results = [e for e in r.get("exercises", []) if e.get("name") in names]
        bad = [(e["name"], e["status"]) for e in results if e.get("status") in STUDENT_PROBLEMS]
        if bad or r.get("status") in STUDENT_PROBLEMS:
            out.problems.append((r["student"], bad))
        broken = [e["name"] for e in results if e.get("status") == "infra_error"]
        if broken or r.get("status") == "infra_error":
            out.infra.append((r["student"], broken or ["all"]))
        if r.get("status") == "not graded":
            out.not_graded.append(r["student"])
        absent = [e["name"] for e in results if e.get("status") == "missing"]
        if r.get("status") == "missing" or absent:
            out.missing.append((r["student"], ["all"] if r.get("status") == "missing" else absent))
        if (r.get("late_seconds") or 0) > 0:
            out.late.append((r["student"], float(r["late_seconds"])))
    out.late.sort(key=lambda item: (-item[1], item[0]))
    return out
