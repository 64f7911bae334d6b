"""A submission as plain data: the student's id and the text of the files the grader uses.

Every source (a folder per student, nbgrader's layout, a zip, a platform's upload) turns
what it finds into a Submission; nothing downstream knows where it came from. Files are
read here, before any code runs: never through a symlink, never past a size limit, only
UTF-8 text. A file that cannot be used becomes a problem of its exercise, with a sentence.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 1 << 20
MAX_HELPERS = 20  # the learner's own modules, importable from the exercise files
MAX_ID_BYTES = 128
MODULE_FILE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.py$")
# Every source words an exercise with no file at all this way (missing() below, the nbgrader
# source): such an exercise is `missing`, not an `error` of the student's code.
MISSING = "There is no "


@dataclass
class Submission:
    student: str
    files: dict[str, str] = field(default_factory=dict)  # file name -> text: exercises and helpers
    problems: dict[str, str] = field(default_factory=dict)  # exercise -> why its file cannot be graded
    extras: list[str] = field(default_factory=list)  # handed in, not graded (listed in feedback)

    def digest(self) -> str:
        """What identifies the work: the files and their problems, not the student or the source."""
        return _sha256({"files": self.files, "problems": self.problems})

    def is_missing(self, exercise: str) -> bool:
        """No file was handed in for the exercise (an unreadable one is a problem, not missing)."""
        return f"{exercise}.py" not in self.files and self.problems.get(exercise, "").startswith(MISSING)

    def seed_material(self, exercise: str) -> str:
        """What an exercise's inputs are drawn from: its own file and the helpers it may import.

        Editing another exercise's file leaves this exercise's inputs, and so its verdict, alone."""
        own = {name: text for name, text in self.files.items() if name == f"{exercise}.py" or _is_helper(name)}
        return _sha256({"exercise": exercise, "files": own, "problem": self.problems.get(exercise)})

    def to_dict(self) -> dict:
        return {"student": self.student, "files": self.files, "problems": self.problems, "extras": self.extras}

    @classmethod
    def from_dict(cls, data: dict) -> "Submission":
        return cls(str(data["student"]), dict(data["files"]), dict(data["problems"]), list(data["extras"]))


def _is_helper(name: str) -> bool:
    return not re.match(r"^ex\d\d_", name)


def _sha256(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def invalid_student_id(name: str) -> str | None:
    """Why a name cannot be a student id (it names output folders and CSV rows), or None."""
    if not name or name in (".", ".."):
        return "an empty name or a dot-name"
    if "/" in name or "\\" in name or ".." in name:
        return "a path separator or '..'"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "a control character"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_ID_BYTES:
        return f"more than {MAX_ID_BYTES} bytes"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "bytes that are not UTF-8"
    return None


def from_folder(student: str, folder: Path, exercises: list[str]) -> Submission:
    """Read a folder laid out like exercises/ (the exercise files at its top level)."""
    submission = Submission(student)
    try:
        entries = {e.name: e for e in os.scandir(folder)}
    except OSError as exc:
        for name in exercises:
            submission.problems[name] = f"The submission folder could not be read: {exc.strerror}."
        return submission
    wanted = {f"{name}.py" for name in exercises}
    helpers = sorted(n for n in entries if MODULE_FILE.match(n) and n not in wanted and _is_helper(n))
    for name in helpers[:MAX_HELPERS]:
        text = read_text(entries[name])
        if isinstance(text, str):
            submission.files[name] = text
    for name in exercises:
        filename = f"{name}.py"
        if filename not in entries:
            submission.problems[name] = missing(filename, sorted(entries))
            continue
        text = read_text(entries[filename])
        if isinstance(text, str):
            submission.files[filename] = text
        else:
            submission.problems[name] = text.problem
    submission.extras = sorted(n for n in entries if n not in submission.files and n not in wanted
                               and not n.startswith("."))
    return submission


@dataclass(frozen=True)
class Unusable:
    problem: str


def read_text(entry: os.DirEntry) -> str | Unusable:
    """A plain file's UTF-8 text, or why it cannot be used."""
    if entry.is_symlink():
        return Unusable(f"{entry.name} is a symbolic link; the grader only reads plain files.")
    try:
        fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        return Unusable(f"{entry.name} could not be read: {exc.strerror}.")
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            return Unusable(f"{entry.name} is not a plain file.")
        if info.st_size > MAX_FILE_BYTES:
            return Unusable(f"{entry.name} is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}.")
        data = file.read(MAX_FILE_BYTES + 1)
    return decode(entry.name, data)


def decode(name: str, data: bytes) -> str | Unusable:
    if len(data) > MAX_FILE_BYTES:
        return Unusable(f"{name} is larger than {MAX_FILE_BYTES:,} bytes.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Unusable(f"{name} is not UTF-8 text (byte {exc.start} cannot be decoded). Save it as UTF-8.")


def missing(filename: str, present: list[str], empty: bool | None = None) -> str:
    """Why filename is missing; present: the other names to suggest; empty: whether nothing at all
    was handed in (by default: whether present is empty)."""
    if empty if empty is not None else not [p for p in present if not p.startswith(".")]:
        return f"There is no {filename}: the submission folder is empty."
    close = difflib.get_close_matches(filename, present, n=1, cutoff=0.6)
    if close:
        return f"There is no {filename}; there is a {close[0]}. Is it the same file under another name?"
    return f"There is no {filename} in the submission folder."
