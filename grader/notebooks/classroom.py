"""What `python -m grader class` needs to grade notebook submissions (nbgrader's layout included).

    workspaces(root, scratch)      each student's workspace: their notebooks' graded code
                                   written as exNN_name.py under scratch (None: no notebooks)
    write_export(root, result, out) OUT/nbgrader_export.csv, with the columns of `nbgrader export`
"""

from __future__ import annotations

from pathlib import Path

from grader.notebooks import export, extract, submissions

EXPORT_FILE = "nbgrader_export.csv"


def workspaces(root: Path, scratch: Path) -> dict[str, Path] | None:
    """{student: workspace folder} for a class of notebook submissions, else None.

    A student whose folder holds no notebook keeps that folder as the workspace (.py files).
    """
    found = submissions.find(root)
    if found is None:
        return None
    base, result = submissions.students_root(root), {}
    for student, subs in found.items():
        notebooks = [path for sub in subs for path in sub.notebooks]
        if notebooks:
            extract.write_workspace(notebooks, scratch / student)
            result[student] = scratch / student
        else:
            result[student] = base / student
    return result


def write_export(root: Path, result, out: Path) -> Path | None:
    """Write the nbgrader-style export of a graded notebook class; None when root has no notebooks.

    result: the grading's results.GradeResult (students with their exercises' scores).
    """
    found = submissions.find(root)
    if found is None:
        return None
    scores = {s.student: {e.name: e.score for e in s.exercises} for s in result.students}
    return export.write(out / EXPORT_FILE, export.rows(found, scores))
