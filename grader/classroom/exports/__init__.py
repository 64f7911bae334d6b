"""Everything `grader class` writes into OUT, written from the store's records, atomically.

    gradebook.csv                      one row per student (gradebook.py)
    students/<id>/results.json         Gradescope's results format (gradescope.py)
    students/<id>/feedback.md          the learner's report (feedback.py)
    nbgrader_export.csv                as `nbgrader export` writes it, for notebook classes (nbgrader.py)
    report.html, similarity.csv        the instructor's insight report (grader/insight)

Per-student files live under students/, so no student id can collide with an output's name.
Every file is written only when its content changed: a re-run that changes nothing rewrites nothing,
and one in which a student changed rewrites that student's files and the class-wide ones.
"""

from __future__ import annotations

from pathlib import Path

from grader import atomic
from grader.classroom.exports import feedback, gradebook, gradescope, nbgrader
from grader.classroom.records import graded

STUDENTS = "students"


def write_all(out: Path, records: list[dict], exercises: list[str], assignments: dict | None) -> list[str]:
    """Write every export; returns the names written (for the summary)."""
    atomic.write_text_if_changed(out / "gradebook.csv", gradebook.render(records, exercises))
    for record in records:
        folder = out / STUDENTS / record["student"]
        atomic.write_text_if_changed(folder / "feedback.md", feedback.render(record))
        results = folder / "results.json"
        if graded(record):
            atomic.write_text_if_changed(results, gradescope.render(record))
        elif results.exists():  # a verdict of an earlier submission must not stand for this one
            results.unlink()
    written = ["gradebook.csv", f"{STUDENTS}/<id>/results.json and feedback.md"]
    if assignments:
        atomic.write_text_if_changed(out / nbgrader.FILE, nbgrader.render(records, assignments))
        written.append(nbgrader.FILE)
    return written
