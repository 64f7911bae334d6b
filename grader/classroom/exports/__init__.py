"""Everything `grader class` writes into OUT, written from the store's records, atomically.

    gradebook.csv                      one row per student (gradebook.py)
    students/<id>/results.json         Gradescope's results format (gradescope.py)
    students/<id>/feedback.md          the learner's report (feedback.py)
    nbgrader_export.csv                as `nbgrader export` writes it, for notebook classes (nbgrader.py)
    report.html, similarity.csv        the instructor's insight report (grader/insight)

Per-student files live under students/, so no student id can collide with an output's name.
Every file is written only when its content changed: a re-run that changes nothing rewrites nothing,
and one in which a student changed rewrites that student's files and the class-wide ones. A student's
files are not even drawn again while their record, and the kit, are those they were last drawn from
(the store's `exported` table keeps a hash of both per student).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from grader import atomic
from grader.classroom.fingerprint import kit_digest
from grader.classroom.exports import feedback, gradebook, gradescope, nbgrader
from grader.classroom.records import graded

STUDENTS = "students"


def write_all(out: Path, records: list[dict], exercises: list[str], assignments: dict | None,
              exported: dict[str, str] | None = None) -> list[str]:
    """Write every export; returns the names written (for the summary).

    exported: student -> the hash their files were last drawn from (the store's); updated in place."""
    atomic.write_text_if_changed(out / "gradebook.csv", gradebook.render(records, exercises))
    kit = kit_digest() if exported is not None else ""
    for record in records:
        folder = out / STUDENTS / record["student"]
        results = folder / "results.json"
        drawn = _digest(kit, record) if exported is not None else None
        if drawn is not None and exported.get(record["student"]) == drawn \
                and (folder / "feedback.md").is_file() and results.is_file() == graded(record):
            continue
        atomic.write_text_if_changed(folder / "feedback.md", feedback.render(record))
        if graded(record):
            atomic.write_text_if_changed(results, gradescope.render(record))
        elif results.exists():  # a verdict of an earlier submission must not stand for this one
            results.unlink()
        if drawn is not None:
            exported[record["student"]] = drawn
    written = ["gradebook.csv", f"{STUDENTS}/<id>/results.json and feedback.md"]
    if assignments:
        atomic.write_text_if_changed(out / nbgrader.FILE, nbgrader.render(records, assignments))
        written.append(nbgrader.FILE)
    return written


def _digest(kit: str, record: dict) -> str:
    return hashlib.sha256(f"{kit}\0{json.dumps(record, sort_keys=True, default=str)}".encode()).hexdigest()
