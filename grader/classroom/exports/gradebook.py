"""OUT/gradebook.csv: one row per student, sorted; the same store gives the same bytes.

Columns: student, one per exercise, score, max_score, status. A student without a verdict
(`not graded`, `infra_error`) has empty score cells: never a 0 that was not earned.
"""

from __future__ import annotations

from grader.classroom.exports.csvcells import cell, number, table


def render(records: list[dict], exercises: list[str]) -> str:
    rows = []
    for record in sorted(records, key=lambda r: r["student"]):
        scores = {e["name"]: e["score"] for e in record.get("exercises", [])}
        rows.append([cell(record["student"]), *(number(scores.get(n)) for n in exercises),
                     number(record["score"]), number(record["max_score"]), record["status"]])
    return table(["student", *exercises, "score", "max_score", "status"], rows)
