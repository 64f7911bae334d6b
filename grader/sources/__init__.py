"""Where a class's submissions come from; each source turns what it finds into Submissions.

    open_class(path, exercises) -> ClassSource

A folder of student folders (code or notebooks), an nbgrader course or its submitted/
folder, a zip of any of these, or a Gradescope "Download submissions" export. What comes
out is the same plain data whatever the source: nothing downstream asks where it came from.
Names that cannot be student ids are refused with a reason, never graded and never crashed on.
"""

from __future__ import annotations

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

    def add(self, submission: Submission, meta: dict | None = None) -> None:
        """Keep a submission whose student id is usable and new (ids are compared case-blind:
        they name folders, and two ids that differ only in case collide on some systems)."""
        why = invalid_student_id(submission.student)
        taken = {s.student.casefold() for s in self.submissions}
        if why is None and submission.student.casefold() in taken:
            why = "the same name as another student, but for upper and lower case"
        if why is not None:
            self.refused.append((submission.student, f"not a usable student id: {why}"))
            return
        self.submissions.append(submission)
        if meta:
            self.meta[submission.student] = meta


def open_class(path: Path, exercises: list[str]) -> ClassSource:
    """Read a class; exercises: the catalog's, which files each student is graded on."""
    from grader.sources import archive, folders, gradescope_export, nbgrader

    path = Path(path)
    if not path.exists():
        raise BadClass(f"{path} does not exist")
    if path.is_file():
        if not archive.is_archive(path):
            raise BadClass(f"{path} is a file; give a folder with one subfolder per student, or a zip of one")
        return archive.open_archive(path, exercises, open_class)
    for reader in (gradescope_export, nbgrader, folders):
        if reader.recognises(path):
            found = reader.read(path, exercises)
            if not found.submissions and not found.refused:
                raise BadClass(f"{path} has no student subfolders (each student's files go in a folder named after them)")
            return found
    raise BadClass(f"{path} has no student subfolders (each student's files go in a folder named after them)")
