"""Where a class's submissions come from; each source turns what it finds into Submissions.

    open_class(path, exercises) -> ClassSource

A folder of student folders (code or notebooks), an nbgrader course or its submitted/
folder, a zip of any of these, or a Gradescope "Download submissions" export. What comes
out is the same plain data whatever the source: nothing downstream asks where it came from.
Names that cannot be student ids are refused with a reason, never graded and never crashed on.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from grader.submission import Submission, invalid_student_id


class BadClass(ValueError):
    """The class cannot be read as given; the message says why."""


@dataclass
class ClassSource:
    kind: str  # for the summary line: "student folders", "an nbgrader course", ...
    submissions: list[Submission] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name as found, why)
    exercises: list[str] | None = None  # the assignment's exercises when the source states them
    assignments: dict[str, list[str]] | None = None  # nbgrader: assignment -> its exercises
    meta: dict[str, dict] = field(default_factory=dict)  # student -> plain data (e.g. submission times)
    collisions: list[tuple[str, str]] = field(default_factory=list)  # ids that name the same output folder
    _folded: dict[str, str] = field(default_factory=dict, repr=False)  # folded id -> the id found first

    def add(self, submission: Submission, meta: dict | None = None) -> None:
        """Keep a submission whose student id is usable. Ids that differ only in case or Unicode
        form (they name folders, and collide on case-blind or normalising file systems) are
        collisions: open_class refuses the class naming both, so neither is silently dropped."""
        why = invalid_student_id(submission.student)
        if why is not None:
            self.refused.append((submission.student, f"not a usable student id: {why}"))
            return
        first = self._folded.get(folded_id(submission.student))
        if first == submission.student:
            self.refused.append((submission.student, "handed in twice under the same id; the first is graded"))
            return
        if first is not None:
            self.collisions.append((first, submission.student))
            return
        self._folded[folded_id(submission.student)] = submission.student
        self.submissions.append(submission)
        if meta:
            self.meta[submission.student] = meta


def folded_id(student: str) -> str:
    """What a student id names on any file system: one Unicode form, case-blind."""
    return unicodedata.normalize("NFKC", student).casefold()


def _refuse_collisions(found: ClassSource) -> ClassSource:
    if found.collisions:
        names = "; ".join(f"{a!r} and {b!r}" for a, b in found.collisions)
        raise BadClass(f"student ids that differ only in upper/lower case or Unicode form would share one output "
                       f"folder: {names}. Rename one of each pair (nothing was graded).")
    return found


def open_class(path: Path, exercises: list[str]) -> ClassSource:
    """Read a class; exercises: the catalog's, which files each student is graded on."""
    from grader.sources import archive, folders, gradescope_export, nbgrader

    path = Path(path)
    if not path.exists():
        raise BadClass(f"{path} does not exist")
    if path.is_file():
        if not archive.is_archive(path):
            raise BadClass(f"{path} is a file; give a folder with one subfolder per student, or a zip of one")
        return _refuse_collisions(archive.open_archive(path, exercises, open_class))
    for reader in (gradescope_export, nbgrader, folders):
        if reader.recognises(path):
            found = _refuse_collisions(reader.read(path, exercises))
            if not found.submissions and not found.refused:
                raise BadClass(f"{path} has no student subfolders (each student's files go in a folder named after them)")
            return found
    raise BadClass(f"{path} has no student subfolders (each student's files go in a folder named after them)")
