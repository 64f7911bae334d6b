"""Step 1, collect: copy each workspace's exercise files into a private snapshot.

The sandbox only ever sees the snapshot: the original folder cannot be changed through
it, symlinks are never followed, and oversized or unreadable files are refused here with
a message, before any code runs.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 1 << 20
MAX_HELPERS = 20


@dataclass
class Snapshot:
    student: str
    source_dir: Path
    copy_dir: Path
    sources: dict[str, str] = field(default_factory=dict)  # exercise -> text
    problems: dict[str, str] = field(default_factory=dict)  # exercise -> why it cannot run
    present: list[str] = field(default_factory=list)


def take(student: str, source_dir: Path, copy_dir: Path, exercises: list[str]) -> Snapshot:
    snap = Snapshot(student, source_dir, copy_dir)
    copy_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(copy_dir, 0o755)
    try:
        entries = {e.name: e for e in os.scandir(source_dir)}
    except OSError as exc:
        for name in exercises:
            snap.problems[name] = f"The submission folder could not be read: {exc.strerror}."
        return snap
    snap.present = sorted(entries)
    helpers = [e for n, e in entries.items() if n.endswith(".py") and n[:-3] not in exercises]
    for entry in helpers[:MAX_HELPERS]:  # the learner's own modules, importable from exercises
        _copy(entry, copy_dir / entry.name)
    for name in exercises:
        filename = f"{name}.py"
        entry = entries.get(filename)
        if entry is None:
            snap.problems[name] = _missing(filename, sorted(entries))
            continue
        problem = _copy(entry, copy_dir / filename)
        if problem:
            snap.problems[name] = problem
        else:
            snap.sources[name] = (copy_dir / filename).read_text(encoding="utf-8")
    return snap


def _missing(filename: str, present: list[str]) -> str:
    if not present:
        return f"There is no {filename}: the submission folder is empty."
    close = difflib.get_close_matches(filename, present, n=1, cutoff=0.6)
    if close:
        return f"There is no {filename}; there is a {close[0]}. Is it the same file under another name?"
    return f"There is no {filename} in the submission folder."


def _copy(entry: os.DirEntry, target: Path) -> str | None:
    if entry.is_symlink():
        return f"{entry.name} is a symbolic link; the grader only reads plain files."
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return f"{entry.name} could not be read: {exc.strerror}."
    if not stat.S_ISREG(info.st_mode):
        return f"{entry.name} is not a plain file."
    if info.st_size > MAX_FILE_BYTES:
        return f"{entry.name} is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}."
    fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return f"{entry.name} is larger than {MAX_FILE_BYTES:,} bytes."
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"{entry.name} is not UTF-8 text (byte {exc.start} cannot be decoded). Save it as UTF-8."
    target.write_bytes(data)
    os.chmod(target, 0o644)
    return None
