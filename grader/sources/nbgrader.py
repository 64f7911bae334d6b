"""An nbgrader course folder (or its submitted/ folder): submitted/<student>/<assignment>/*.ipynb.

Each student's notebooks, across assignments, become one submission of exercise files.
Which exercises an assignment holds comes from the course's own release/ or source/
folder when there is one, never from what students uploaded: a student who adds notebooks
to their folder changes nothing for anyone else.
"""

from __future__ import annotations

from pathlib import Path

from grader.sources import ClassSource
from grader.sources.folders import add_notebooks, is_student_folder
from grader.submission import Submission


def _students_root(path: Path) -> Path:
    submitted = path / "submitted"
    return submitted if submitted.is_dir() and not submitted.is_symlink() else path


def recognises(path: Path) -> bool:
    """A course (it has submitted/), or a folder whose students hold assignment folders of notebooks."""
    root = _students_root(path)
    if root != path:
        return True
    for student in (p for p in path.iterdir() if is_student_folder(p)):
        for assignment in (p for p in student.iterdir() if is_student_folder(p)):
            if any(assignment.glob("*.ipynb")):
                return True
    return False


def released(path: Path) -> dict[str, list[str]] | None:
    """{assignment: its exercises} as the course released them, or None without a release.
    Given the course's submitted/ folder, the release is looked for beside it."""
    from grader.notebooks import extract

    course = path.parent if path.name == "submitted" else path
    for name in ("release", "source"):
        folder = course / name
        if folder.is_dir() and not folder.is_symlink():
            found = {}
            for assignment in sorted(p for p in folder.iterdir() if is_student_folder(p)):
                names = {extract.exercise_of_file(nb) for nb in assignment.glob("*.ipynb")}
                found[assignment.name] = sorted(n for n in names if n)
            return found
    return None


def read(path: Path, exercises: list[str]) -> ClassSource:
    from grader.notebooks import submissions as nb_submissions

    release = released(path)
    chosen = sorted({e for names in release.values() for e in names}) if release else None
    graded = [e for e in exercises if chosen is None or e in chosen]
    kind = "an nbgrader course" if _students_root(path) != path else "notebook folders"
    found = ClassSource(kind, exercises=chosen, assignments=dict(release) if release else {})
    for folder in sorted(p for p in _students_root(path).iterdir() if is_student_folder(p)):
        submission = Submission(folder.name)
        handed_in = nb_submissions._submissions(folder)
        add_notebooks(submission, [nb for sub in handed_in for nb in sub.notebooks], graded)
        for name in graded:
            if f"{name}.py" not in submission.files:
                submission.problems[name] = f"There is no notebook of {name} in the submission."
        if not release:
            for sub in handed_in:  # the kit's own course names each assignment after its exercise
                names = [sub.assignment] if sub.assignment in exercises else sorted(sub.exercises)
                found.assignments.setdefault(sub.assignment, names)
        found.add(submission, {"submitted": {sub.assignment: sub.timestamp for sub in handed_in}})
    return found
