"""OUT/nbgrader_export.csv: grades as `nbgrader export` writes them, one row per assignment
and student, with its columns.

An assignment's score is the sum of the kit's scores of its exercises, its max_score the
sum of their points; its exercises come from the course's release (see sources/nbgrader.py).
A student without a submission of an assignment gets nbgrader's row for that case: no
timestamp, 0.0. A student not graded yet, or whom the grader failed on, gets no score.
Names and emails live in nbgrader's database, not in the submissions: those columns stay empty,
as nbgrader writes them when it has none. `duedate` is --deadline; `raw_score` the grader's, `score`
the adjusted one (adjustments.py) and `late_submission_penalty` what the late policy took. A class
of one assignment gets every adjustment there; with several, only the adjustments of an exercise
go to its assignment (the total's, and the late policy, are in gradebook.csv).
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
            own = {e["name"]: e.get("grader_score", e["score"]) for e in record.get("exercises", [])}
            raw = score = penalty = ""
            if graded(record) and assignment in submitted:
                raw, score, late = sum(own.get(e, 0.0) for e in exercises), sum(scores.get(e, 0.0) for e in exercises), 0.0
                if len(assignments) == 1:
                    total = [a for a in record.get("adjustments", []) if not a["exercise"]]
                    late = -sum(a["points"] for a in total if "/" in a["adjustment"])
                    score = record["score"]  # with the total's adjustments and the penalty
                raw, score, penalty = _number(raw), _number(score), _number(late)
            elif graded(record):
                raw = score = penalty = _number(0.0)
            rows.append([cell(assignment), record.get("deadline") or "", submitted.get(assignment, ""),
                         cell(record["student"]), "", "", "", raw, penalty, score, _number(max_score)])
    return table(COLUMNS, rows)


def _number(value: float) -> Figure:
    return Figure(round(float(value), 2))  # nbgrader writes Python floats: 10.0, 6.0, 9.17
