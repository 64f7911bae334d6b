"""One student's upload, whatever its shape: the exercise files at the top, in a folder, in a
zip, or as the generated notebooks. Platforms and exports hand over what students uploaded,
and students upload in every shape; the grader finds the files the exercises need.

Bounded everywhere: how deep it looks, how many entries, how large a zip may unpack. A
file that cannot be used (a notebook that is not JSON, a file too large, not UTF-8) becomes
its exercise's problem, with a sentence that says what to upload instead: a platform shows
that sentence to the student in place of a score it could not give.
"""

from __future__ import annotations

import itertools
import os
import stat
import zipfile
from pathlib import Path

from grader.submission import (MAX_FILE_BYTES, MAX_HELPERS, MODULE_FILE, Submission, Unusable, _is_helper, decode,
                               missing, read_text)

MAX_DEPTH = 3
MAX_ENTRIES = 2_000
MAX_ZIP_MEMBERS = 500
MAX_ZIP_BYTES = 64 << 20
MAX_NOTEBOOK_BYTES = 32 << 20  # as grader.notebooks.extract reads them: outputs make notebooks large
MAX_NOTEBOOKS_BYTES = 64 << 20  # all the notebooks of one upload that are read, as for a zip's members


def read_upload(student: str, folder: Path, exercises: list[str]) -> Submission:
    entries, crowded = _walk(folder)
    files = {rel: entry for rel, entry in entries.items() if not rel.endswith("/")}
    if not any(_base(rel) in _wanted(exercises) for rel in files):
        zips = [rel for rel in files if rel.lower().endswith(".zip")]
        if len(zips) == 1:
            return _from_zip(student, files[zips[0]].path, zips[0], exercises)
    note = (f"The upload holds more than {MAX_ENTRIES:,} files and folders; the grader looked at the first "
            f"{MAX_ENTRIES:,} only." if crowded else "")
    return _assemble(student, {rel: _Entry(e) for rel, e in files.items()}, exercises, note)


def _wanted(exercises: list[str]) -> set[str]:
    return {f"{name}.py" for name in exercises}


def _base(rel: str) -> str:
    return rel.rsplit("/", 1)[-1]


class _Entry:
    """A file of the upload, on disk or in a zip, read only when needed and only so far."""

    def __init__(self, entry: os.DirEntry | None = None, data: bytes | None = None, name: str = "") -> None:
        self.entry, self.data, self.name = entry, data, name or (entry.name if entry else "")

    def text(self) -> str | Unusable:
        if self.entry is not None:
            return read_text(self.entry)
        return decode(self.name, self.data)

    def size(self) -> int:
        if self.entry is not None:
            try:
                return self.entry.stat(follow_symlinks=False).st_size
            except OSError:
                return 0
        return len(self.data or b"")

    def notebook(self) -> dict:
        """The notebook as JSON; UnreadableNotebook with a sentence when it is not one."""
        from grader.notebooks import extract

        if self.entry is not None:
            return extract.read(Path(self.entry.path))
        return extract.parse(self.name, self.data)


def _walk(folder: Path) -> tuple[dict[str, os.DirEntry], bool]:
    """(relative path -> entry for plain files, and folders with a trailing /, never through a
    link; whether there was more than MAX_ENTRIES to see)."""
    found: dict[str, os.DirEntry] = {}
    stack = [(str(folder), "", 0)]
    while stack:
        path, prefix, depth = stack.pop()
        try:
            with os.scandir(path) as listing:
                # Never hold more than the limit, however many files one folder has.
                entries = sorted(itertools.islice(listing, MAX_ENTRIES + 1), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__MACOSX" or entry.name == "__pycache__":
                continue
            if len(found) >= MAX_ENTRIES:
                return found, True
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                found[rel + "/"] = entry
                if depth + 1 < MAX_DEPTH:
                    stack.append((entry.path, rel + "/", depth + 1))
            else:
                found[rel] = entry
    return found, False


def _assemble(student: str, files: dict[str, _Entry], exercises: list[str], note: str = "") -> Submission:
    """Pick each exercise's file (the shallowest), its helpers beside it, and list the rest."""
    submission = Submission(student)
    by_depth = sorted(files, key=lambda rel: (rel.count("/"), rel))
    used: set[str] = set()
    home = ""  # the folder the exercise files are in: helpers are read from there
    for name in exercises:
        rel = next((r for r in by_depth if _base(r) == f"{name}.py"), None)
        if rel is None:
            continue
        used.add(rel)
        home = home or rel[: -len(_base(rel))]
        text = files[rel].text()
        if isinstance(text, str):
            submission.files[f"{name}.py"] = text
        else:
            submission.problems[name] = text.problem
    budget = MAX_NOTEBOOKS_BYTES  # a thousand large notebooks must not cost a thousand reads
    for rel in (r for r in by_depth if r.endswith(".ipynb")):
        budget -= min(files[rel].size(), MAX_NOTEBOOK_BYTES)
        if budget < 0:
            note = note or f"The upload's notebooks are over {MAX_NOTEBOOKS_BYTES >> 20} MB in all; the rest were not read."
            break
        _add_notebook(submission, rel, files[rel], exercises, used)
    helpers = [r for r in by_depth if r[: -len(_base(r))] == home and MODULE_FILE.match(_base(r)) and r not in used
               and _is_helper(_base(r))]
    for rel in helpers[:MAX_HELPERS]:
        text = files[rel].text()
        if isinstance(text, str):
            submission.files[_base(rel)] = text
            used.add(rel)
    # Another exercise's file is never "the same file under another name" of this one.
    names = [_base(r) for r in by_depth if _base(r) not in _wanted(exercises)]
    for name in exercises:
        if f"{name}.py" not in submission.files and name not in submission.problems:
            submission.problems[name] = " ".join(filter(None, [missing(f"{name}.py", names, empty=not files), note,
                                                               what_to_upload(exercises)]))
    submission.extras = [r for r in by_depth if r not in used]
    return submission


def _add_notebook(submission: Submission, rel: str, entry: _Entry, exercises: list[str], used: set[str]) -> None:
    """A notebook's answer cells as its exercise's file; one that is not a notebook, its exercise's problem."""
    from grader.notebooks import extract

    try:
        notebook = entry.notebook()
    except extract.UnreadableNotebook as exc:
        exercise = extract.exercise_of(Path(entry.name))  # by its name: its metadata cannot be read
        if exercise in exercises and f"{exercise}.py" not in submission.files and exercise not in submission.problems:
            submission.problems[exercise] = (f"{exc} Upload the notebook as Jupyter saves it (File > Save), "
                                             f"or the exercise file {exercise}.py.")
            used.add(rel)
        return
    exercise = extract.exercise_of(Path(entry.name), notebook)
    if exercise in exercises and f"{exercise}.py" not in submission.files and exercise not in submission.problems:
        submission.files[f"{exercise}.py"] = extract.answer_file(entry.name, notebook, exercise)
        used.add(rel)


def what_to_upload(exercises: list[str]) -> str:
    shown = ", ".join(f"{n}.py" for n in exercises[:3]) + (", ..." if len(exercises) > 3 else "")
    return (f"Upload the exercise files themselves ({shown}), as they are named in exercises/, "
            "or the exercise notebooks.")


def _from_zip(student: str, path: str, rel: str, exercises: list[str]) -> Submission:
    """An upload that is one zip: read its members in memory, within limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                return _unusable(student, exercises, f"{rel} holds {len(members):,} files; the limit is {MAX_ZIP_MEMBERS}.")
            files, total = {}, 0
            for member in members:
                name = member.filename.replace("\\", "/")
                parts = [p for p in name.split("/") if p]
                if not parts or ".." in parts or name.startswith("/") or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                    continue
                if stat.S_ISLNK(member.external_attr >> 16) or len(parts) > MAX_DEPTH:
                    continue
                if not (parts[-1].endswith(".py") or parts[-1].endswith(".ipynb")):
                    files["/".join(parts)] = _Entry(data=b"", name=parts[-1])
                    continue
                # Read, never trust the sizes it declares; no more of a member than it may hold.
                cap = MAX_NOTEBOOK_BYTES if parts[-1].endswith(".ipynb") else MAX_FILE_BYTES
                with archive.open(member) as stream:
                    data = stream.read(min(cap, MAX_ZIP_BYTES - total) + 1)
                total += len(data)
                if total > MAX_ZIP_BYTES:
                    return _unusable(student, exercises, f"{rel} unpacks to more than {MAX_ZIP_BYTES >> 20} MB.")
                files["/".join(parts)] = _Entry(data=data, name=parts[-1])
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError) as exc:
        return _unusable(student, exercises, f"{rel} is not a zip the grader can read ({type(exc).__name__}).")
    return _assemble(student, files, exercises)


def _unusable(student: str, exercises: list[str], why: str) -> Submission:
    submission = Submission(student)
    for name in exercises:
        submission.problems[name] = f"{why} {what_to_upload(exercises)}"
    return submission
