"""Which folders are students, checked before anything is graded."""

from __future__ import annotations

from pathlib import Path

from grader.plugin import is_student_folder


class BadInput(ValueError):
    """The class cannot be graded as given; the message says why."""


def students(submissions: Path, out: Path) -> dict[str, Path]:
    if not submissions.exists():
        raise BadInput(f"{submissions} does not exist")
    if not submissions.is_dir():
        raise BadInput(f"{submissions} is a file; give the folder that holds one subfolder per student")
    root, target = submissions.resolve(), out.resolve()
    if target == root or target.is_relative_to(root):
        raise BadInput(f"--out {out} is inside {submissions}: it would be graded as a student next time")
    found = {p.name: p for p in sorted(root.iterdir()) if is_student_folder(p)}
    if not found:
        raise BadInput(f"{submissions} has no student subfolders (each student's files go in a folder named after them)")
    return found
