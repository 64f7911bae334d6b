"""Notebook submissions in a class folder, in nbgrader's layout or a plain one.

    COURSE/submitted/<student>/<assignment>/*.ipynb   an nbgrader course folder
    SUBMITTED/<student>/<assignment>/*.ipynb          its submitted/ folder itself
    CLASS/<student>/*.ipynb                           a student folder holding notebooks

A timestamp.txt beside the notebooks (nbgrader collect writes one) dates the submission.
Hidden files and folders (.ipynb_checkpoints) and linked folders are skipped; a linked
notebook is listed, and extract.py refuses to read it with a message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from grader.notebooks import extract


@dataclass
class Submission:
    assignment: str  # nbgrader's assignment folder; for a plain student folder, the exercise's name
    notebooks: list[Path] = field(default_factory=list)
    timestamp: str = ""  # as nbgrader export writes it: "2026-11-20 10:00:00", UTC; "" when unknown

    @property
    def exercises(self) -> set[str]:
        """The kit's exercises among its notebooks (by file name, else by the kit's metadata)."""
        return {e for e in map(extract.exercise_of_file, self.notebooks) if e is not None}


def students_root(root: Path) -> Path:
    """The folder whose subfolders are students: a course's submitted/, else root itself."""
    submitted = root / "submitted"
    return submitted if submitted.is_dir() and not submitted.is_symlink() else root


def find(root: Path) -> dict[str, list[Submission]] | None:
    """{student: submissions} when any student folder holds notebooks, else None."""
    found = {student.name: _submissions(student) for student in _folders(students_root(root))}
    return found if any(found.values()) else None


def _submissions(student: Path) -> list[Submission]:
    subs = []
    for folder in _folders(student):
        notebooks = _notebooks(folder)
        if notebooks:
            subs.append(Submission(folder.name, notebooks, read_timestamp(folder)))
    stamp = read_timestamp(student)
    for notebook in _notebooks(student):  # a plain student folder: one "assignment" per exercise
        exercise = extract.exercise_of_file(notebook) or notebook.stem
        subs.append(Submission(exercise, [notebook], stamp))
    return subs


def read_timestamp(folder: Path) -> str:
    """timestamp.txt as nbgrader stores it (UTC, no zone), or "" when absent or unreadable."""
    path = folder / "timestamp.txt"
    if not path.is_file() or path.is_symlink():
        return ""
    try:
        return normalise_timestamp(path.read_text(encoding="utf-8", errors="replace")[:200])
    except ValueError:
        return ""


def normalise_timestamp(text: str) -> str:
    """'2026-11-20 10:00:00.000000 UTC', ISO forms and offsets -> '2026-11-20 10:00:00' in UTC."""
    text = text.strip()
    for suffix in (" UTC", "UTC", "Z"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip() + "+00:00"
            break
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return str(moment)


def _folders(parent: Path) -> list[Path]:
    try:
        return sorted(p for p in parent.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))
    except OSError:
        return []


def _notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
