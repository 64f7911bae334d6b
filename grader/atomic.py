"""Atomic writes: a temporary file in the same folder, then a rename.

A reader (or a crash) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_if_changed(path: Path, text: str) -> bool:
    """Write only when the file does not already hold exactly this text; True when written.

    A re-run that changes nothing leaves the file (its mtime, its inode) alone. Comparing with
    what is on disk, rather than keeping a hash aside, holds after an interrupted run too: a
    write is atomic, so the file is either the old text (written again) or the new one."""
    data = text.encode("utf-8")
    try:
        if Path(path).stat().st_size == len(data) and Path(path).read_bytes() == data:
            return False
    except OSError:
        pass  # not there (or unreadable): write it
    write_bytes(path, data)
    return True
