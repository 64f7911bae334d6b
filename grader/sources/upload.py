"""One student's upload, whatever its shape: the exercise files at the top, in a folder, in a
zip, or as the generated notebooks. Platforms and exports hand over what students uploaded,
and students upload in every shape; the grader finds the files the exercises need.

Bounded everywhere: how deep it looks, how many entries, how large a zip may unpack. A
file that cannot be used becomes its exercise's problem, with a sentence that says what to
upload instead.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from grader.submission import MAX_HELPERS, MODULE_FILE, Submission, Unusable, _is_helper, decode, missing, read_text

MAX_DEPTH = 3
MAX_ENTRIES = 2_000
MAX_ZIP_MEMBERS = 500
MAX_ZIP_BYTES = 64 << 20


def read_upload(student: str, folder: Path, exercises: list[str]) -> Submission:
    entries = _walk(folder)
    files = {rel: entry for rel, entry in entries.items() if not rel.endswith("/")}
    if not any(_base(rel) in _wanted(exercises) for rel in files):
        zips = [rel for rel in files if rel.lower().endswith(".zip")]
        if len(zips) == 1:
            return _from_zip(student, files[zips[0]].path, zips[0], exercises)
    return _assemble(student, {rel: _Entry(e) for rel, e in files.items()}, exercises)


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

    def notebook_path(self) -> Path | None:
        return Path(self.entry.path) if self.entry is not None else None


def _walk(folder: Path) -> dict[str, os.DirEntry]:
    """Relative path -> entry for plain files (and folders, with a trailing /), never through a link."""
    found: dict[str, os.DirEntry] = {}
    stack = [(str(folder), "", 0)]
    while stack and len(found) < MAX_ENTRIES:
        path, prefix, depth = stack.pop()
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__MACOSX" or entry.name == "__pycache__":
                continue
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                found[rel + "/"] = entry
                if depth + 1 < MAX_DEPTH:
                    stack.append((entry.path, rel + "/", depth + 1))
            else:
                found[rel] = entry
    return found


def _assemble(student: str, files: dict[str, _Entry], exercises: list[str]) -> Submission:
    """Pick each exercise's file (the shallowest), its helpers beside it, and list the rest."""
    from grader.notebooks import extract

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
    for rel in (r for r in by_depth if r.endswith(".ipynb")):
        path = files[rel].notebook_path()
        if path is None:
            continue
        exercise, text = extract.graded_code(path)
        if exercise in exercises and f"{exercise}.py" not in submission.files and exercise not in submission.problems:
            submission.files[f"{exercise}.py"] = text
            used.add(rel)
    helpers = [r for r in by_depth if r[: -len(_base(r))] == home and MODULE_FILE.match(_base(r)) and r not in used
               and _is_helper(_base(r))]
    for rel in helpers[:MAX_HELPERS]:
        text = files[rel].text()
        if isinstance(text, str):
            submission.files[_base(rel)] = text
            used.add(rel)
    names = [_base(r) for r in by_depth]
    for name in exercises:
        if f"{name}.py" not in submission.files and name not in submission.problems:
            submission.problems[name] = missing(f"{name}.py", names) + " " + what_to_upload(exercises)
    submission.extras = [r for r in by_depth if r not in used]
    return submission


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
                with archive.open(member) as stream:
                    data = stream.read(MAX_ZIP_BYTES - total + 1)  # read, never trust the sizes it declares
                total += len(data)
                if total > MAX_ZIP_BYTES:
                    return _unusable(student, exercises, f"{rel} unpacks to more than {MAX_ZIP_BYTES >> 20} MB.")
                files["/".join(parts)] = _Entry(data=data, name=parts[-1])
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError) as exc:
        return _unusable(student, exercises, f"{rel} is not a zip the grader can read ({type(exc).__name__}).")
    submission = _assemble(student, {k: v for k, v in files.items() if not k.endswith(".ipynb")}, exercises)
    _zip_notebooks(submission, {k: v for k, v in files.items() if k.endswith(".ipynb")}, exercises)
    return submission


def _zip_notebooks(submission: Submission, notebooks: dict[str, _Entry], exercises: list[str]) -> None:
    from grader.notebooks import extract

    for rel, entry in sorted(notebooks.items()):
        exercise, text = extract.graded_code_of_bytes(entry.name, entry.data)
        if exercise in exercises and f"{exercise}.py" not in submission.files:
            submission.files[f"{exercise}.py"] = text
            submission.problems.pop(exercise, None)
            submission.extras = [e for e in submission.extras if e != rel]


def _unusable(student: str, exercises: list[str], why: str) -> Submission:
    submission = Submission(student)
    for name in exercises:
        submission.problems[name] = f"{why} {what_to_upload(exercises)}"
    return submission
