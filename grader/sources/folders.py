"""A folder with one subfolder per student, laid out like exercises/ (or holding notebooks).

The folder name is the student id. Dot-folders (.git) and __MACOSX-style folders are not
students. A notebook counts for the exercise it holds (by its name or the kit's metadata),
unless the student also handed in that exercise as a .py file.
"""

from __future__ import annotations

from pathlib import Path

from grader.sources import ClassSource
from grader.sources.upload import read_upload
from grader.submission import Submission


def is_student_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and not path.name.startswith((".", "__"))


def recognises(path: Path) -> bool:
    return path.is_dir()


def read(path: Path, exercises: list[str]) -> ClassSource:
    found = ClassSource("student folders")
    for folder in sorted(p for p in path.iterdir() if is_student_folder(p)):
        found.add(read_student(folder.name, folder, exercises))
    return found


def read_student(student: str, folder: Path, exercises: list[str]) -> Submission:
    """A student's folder, whatever its shape (upload.py): files, a folder, a zip, notebooks."""
    return read_upload(student, folder, exercises)


def add_notebooks(submission: Submission, notebooks: list[Path], exercises: list[str]) -> None:
    from grader.notebooks import extract

    for path in notebooks:
        exercise, text = extract.graded_code(path)
        if exercise is None or exercise not in exercises or f"{exercise}.py" in submission.files:
            continue  # not an exercise of this class, or the .py file (or a first copy) wins
        submission.files[f"{exercise}.py"] = text
        submission.problems.pop(exercise, None)
    submission.extras = [e for e in submission.extras if not e.endswith(".ipynb")]
