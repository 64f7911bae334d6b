"""The learner's saved files: every command that replaces a file saves it to backups/ first.

A backup is `backups/<YYYYmmdd-HHMMSS>-<why>/.../<exercise>.py` (derive --force keeps the path
under the kit; reset and restore save the file alone). `restore` lists them newest first.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from grader.paths import BACKUPS


def save(path: Path, why: str) -> Path:
    """Copy path into a new folder of its own (two saves in one second never overwrite each other)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        folder = BACKUPS / (f"{stamp}-{why}" if attempt == 1 else f"{stamp}-{why}-{attempt}")
        try:
            folder.mkdir(parents=True)
            break
        except FileExistsError:
            continue
    else:
        raise OSError(f"no free backup folder for {stamp}-{why} in {BACKUPS}")
    target = folder / path.name
    shutil.copy2(path, target)
    return target


def of(exercise: str) -> list[Path]:
    """The saved copies of one exercise's file, newest first."""
    if not BACKUPS.is_dir():
        return []
    found = [Path(root) / name for root, _dirs, files in os.walk(BACKUPS) for name in files
             if name == f"{exercise}.py"]
    # newest first: by when its folder was made (the name's stamp has only seconds)
    return sorted(found, key=lambda path: (BACKUPS / path.relative_to(BACKUPS).parts[0]).stat().st_mtime_ns,
                  reverse=True)
