"""OUT/gradebook.csv: one row per student, sorted; the same store gives the same bytes.

Columns: student, one per exercise, score, max_score, status (the contract's, in its order), then
what an instructor filters on: grader_score (before adjustments), adjustment (score - grader_score),
comments (the adjustments' own), missing (exercises with no file), problems (exercises whose code
failed: error, timeout, memory), submitted (UTC, from the source) and hours_late (with --deadline).
Scores are the adjusted ones. A student without a verdict (`not graded`, `infra_error`) has empty
score cells: never a 0 that was not earned.
"""

from __future__ import annotations

from grader.classroom.exports.csvcells import Figure, cell, number, table
from grader.classroom.records import missing

EXTRA = ["grader_score", "adjustment", "comments", "missing", "problems", "submitted", "hours_late"]
PROBLEMS = ("error", "timeout", "memory", "infra_error")


def render(records: list[dict], exercises: list[str]) -> str:
    rows = []
    for record in sorted(records, key=lambda r: r["student"]):
        scores = {e["name"]: e["score"] for e in record.get("exercises", [])}
        rows.append([cell(record["student"]), *(number(scores.get(n)) for n in exercises),
                     number(record["score"]), number(record["max_score"]), record["status"], *extra(record)])
    return table(["student", *exercises, "score", "max_score", "status", *EXTRA], rows)


def extra(record: dict) -> list[str]:
    change = None if record.get("grader_score") is None else round(record["score"] - record["grader_score"], 2)
    comments = "; ".join(f"{a['exercise'] or 'total'} {a['adjustment']}: {a['comment']}" if a["comment"] else
                         f"{a['exercise'] or 'total'} {a['adjustment']}" for a in record.get("adjustments", []))
    problems = [f"{e['name'].split('_', 1)[0]} {e['status']}" for e in record.get("exercises", [])
                if e.get("status") in PROBLEMS]
    late = record.get("late_seconds")
    return [number(record.get("grader_score")), signed(change) if record.get("adjustments") else "", cell(comments),
            " ".join(name.split("_", 1)[0] for name in missing(record)), "; ".join(problems),
            record.get("submitted") or "", "" if late is None else f"{late / 3600:.2f}"]


def signed(value: float) -> Figure:
    """+2, -1.5, +0: a number the kit computed, written bare (as a text cell its sign would be neutralised)."""
    return Figure(("+" if value >= 0 else "-") + number(abs(value)))
