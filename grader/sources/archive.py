"""A class handed over as one zip (a folder of student folders, a course, an export, zipped).

It is unpacked into a private folder, within limits (members, bytes, depth; names with
'..', absolute paths and links are skipped), read like a folder, then removed: the
submissions are in memory by then. A grader killed meanwhile leaves the folder to the next
run's clean-up (cleanup.remove_leftovers).
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from grader.sandbox import cleanup

PREFIX = "cnn-class-"
MAX_MEMBERS = 200_000
MAX_BYTES = 4 << 30
MAX_DEPTH = 8


def is_archive(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def open_archive(path: Path, exercises: list[str], open_class):
    from grader.sources import BadClass

    cleanup.remove_leftovers(PREFIX)
    folder = cleanup.private_folder(PREFIX)
    try:
        try:
            _unpack(path, folder)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError) as exc:
            raise BadClass(f"{path} could not be unpacked: {exc}") from None
        root = folder
        children = [p for p in folder.iterdir() if not p.name.startswith(".") and p.name != "__MACOSX"]
        if len(children) == 1 and children[0].is_dir() and not _holds_code(children[0]):
            root = children[0]  # the zip of a folder: its one top folder is the class
        found = open_class(root, exercises)
        found.kind += f" (from {path.name})"
        return found
    finally:
        cleanup.remove_private_folder(folder)


def _holds_code(folder: Path) -> bool:
    return any(folder.glob("*.py")) or any(folder.glob("*.ipynb"))


def _unpack(path: Path, folder: Path) -> None:
    from grader.sources import BadClass

    total = 0
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise BadClass(f"{path} holds {len(members):,} entries; the limit is {MAX_MEMBERS:,}")
        for member in members:
            parts = [p for p in member.filename.replace("\\", "/").split("/") if p]
            if (not parts or ".." in parts or member.filename.startswith("/") or len(parts) > MAX_DEPTH
                    or stat.S_ISLNK(member.external_attr >> 16)):
                continue
            target = folder.joinpath(*parts)
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as stream, open(target, "xb") as out:
                while chunk := stream.read(1 << 20):  # what it unpacks to, never what it declares
                    total += len(chunk)
                    if total > MAX_BYTES:
                        raise BadClass(f"{path} unpacks to more than {MAX_BYTES >> 30} GB")
                    out.write(chunk)
            os.chmod(target, 0o600)
