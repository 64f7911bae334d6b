"""OUT/nbgrader_export.csv: grades as `nbgrader export` writes them, one row per assignment
and student, with its columns.

An assignment's score is the sum of the kit's scores of its exercises, its max_score the
sum of their points; its exercises come from the course's release (see sources/nbgrader.py).
A student without a submission of an assignment gets nbgrader's row for that case: no
timestamp, 0.0. A student not graded yet, or whom the grader failed on, gets no score.
Names, emails, due dates and late penalties live in nbgrader's database, not in the
submissions: those columns stay empty (penalty 0.0), as nbgrader writes them when it has none.
"""

from __future__ import annotations

from grader.catalog import load
from grader.classroom.exports.csvcells import Figure, cell, table
from grader.classroom.records import graded

FILE = "nbgrader_export.csv"
COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
           "raw_score", "late_submission_penalty", "score", "max_score"]


def render(records: list[dict], assignments: dict[str, list[str]]) -> str:
    catalog = load()
    rows = []
    for assignment in sorted(assignments):
        exercises = assignments[assignment]
        max_score = sum(catalog.get(e).points for e in exercises)
        for record in sorted(records, key=lambda r: r["student"]):
            submitted = record.get("meta", {}).get("submitted", {})
            scores = {e["name"]: e["score"] for e in record.get("exercises", [])}
            if not graded(record):
                raw = ""
            elif assignment in submitted:
                raw = _number(sum(scores.get(e, 0.0) for e in exercises))
            else:
                raw = _number(0.0)
            rows.append([cell(assignment), "", submitted.get(assignment, ""), cell(record["student"]), "", "", "",
                         raw, _number(0.0) if raw else "", raw, _number(max_score)])
    return table(COLUMNS, rows)


def _number(value: float) -> Figure:
    return Figure(round(float(value), 2))  # nbgrader writes Python floats: 10.0, 6.0, 9.17
