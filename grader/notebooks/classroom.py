"""What `python -m grader class` needs to grade notebook submissions (nbgrader's layout included).

    notebook_class = open_class(SUBMISSIONS)   None when no student folder holds a notebook
    notebook_class.folder                      a class folder of workspaces to grade instead:
                                               each student's notebooks as exNN_name.py files
    notebook_class.exercise_options()          --exercise options: only the exercises handed in
    notebook_class.write_export(result, OUT)   OUT/nbgrader_export.csv, as `nbgrader export` writes

The workspaces live in a temporary folder that is removed with the object (or at exit).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from grader.notebooks import export, extract, submissions

EXPORT_FILE = "nbgrader_export.csv"
MAX_PY_BYTES = 1 << 20  # the grader's own limit on an exercise file


class NotebookClass:
    def __init__(self, root: Path, found: dict[str, list[submissions.Submission]]) -> None:
        self.root, self.submissions = root, found
        self._scratch = tempfile.TemporaryDirectory(prefix="cnn-notebook-class-")
        self.folder = Path(self._scratch.name)
        base = submissions.students_root(root)
        for student, subs in found.items():
            workspace = self.folder / student
            notebooks = [path for sub in subs for path in sub.notebooks]
            if notebooks:
                extract.write_workspace(notebooks, workspace)
            else:  # in a mixed class, a student who handed in .py files keeps them
                _copy_python_files(base / student, workspace)

    def exercise_options(self) -> list[str]:
        """--exercise options for the exercises handed in: a class of ex06 notebooks is graded on ex06."""
        handed_in = {e for subs in self.submissions.values() for sub in subs for e in sub.exercises}
        return [option for name in sorted(handed_in) for option in ("--exercise", name)]

    def write_export(self, result, out: Path) -> Path:
        """result: the grading's results.GradeResult."""
        scores = {s.student: {e.name: e.score for e in s.exercises} for s in result.students}
        return export.write(out / EXPORT_FILE, export.rows(self.submissions, scores))

    def close(self) -> None:
        self._scratch.cleanup()


def open_class(root: Path) -> NotebookClass | None:
    found = submissions.find(Path(root))
    return NotebookClass(Path(root), found) if found is not None else None


def _copy_python_files(source: Path, target: Path) -> None:
    """Plain .py files only, never through a link: the grader's snapshot checks them again."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.py")):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as file:
            if stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                (target / path.name).write_bytes(file.read(MAX_PY_BYTES + 1))
