"""Files the kit derives from solutions/ (stubs, notebooks, the nbgrader course), written
without ever losing what a learner or an instructor put in them.

grader/derived.json records a hash of what the kit last wrote to each derived file. A
file that still holds it (or that is missing) is the kit's and is rewritten freely; a file
that holds anything else was changed by someone: it is kept and listed, and only --force
replaces it, after copying it into a backup folder it names. The record is committed, so
a fresh clone knows which files are the kit's; the kit's own tests compare it with what
the solutions derive today, never reading the learner's files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader.commands import grader
from grader.paths import BACKUPS, KIT_ROOT

RECORD = KIT_ROOT / "grader" / "derived.json"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record() -> dict[str, str]:
    try:
        return json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def key(path: Path) -> str:
    resolved = Path(path).resolve()
    return resolved.relative_to(KIT_ROOT).as_posix() if resolved.is_relative_to(KIT_ROOT) else str(resolved)


def state(path: Path, text: str, recorded: dict[str, str]) -> str:
    """current (holds the text), missing, stale (holds what the kit wrote last), changed."""
    if not path.exists():
        return "missing"
    try:
        found = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "changed"
    if found == text:
        return "current"
    return "stale" if recorded.get(key(path)) == digest(found) else "changed"


@dataclass
class Written:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # changed by someone: not overwritten
    backup: Path | None = None  # where --force saved the changed files


def write(expected: dict[Path, str], force: bool = False, label: str = "derive") -> Written:
    recorded = record()
    done = Written()
    for path, text in expected.items():
        found = state(path, text, recorded)
        if found == "changed":
            if not force:
                done.kept.append(path)
                continue
            done.backup = done.backup or BACKUPS / f"{time.strftime('%Y%m%d-%H%M%S')}-{label}"
            target = done.backup / key(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        if found != "current":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            done.written.append(path)
        if Path(path).resolve().is_relative_to(KIT_ROOT):  # the record is the kit's, committed with it
            recorded[key(path)] = digest(text)
    save(recorded)
    return done


def out_of_date(expected: dict[Path, str]) -> list[Path]:
    """Derived files whose text is not what the solutions derive today: for the kit's own
    files, by the record (never reading them: they may be a learner's); elsewhere (a course
    folder given with --out), by the files themselves."""
    recorded = record()
    stale = []
    for path, text in expected.items():
        if Path(path).resolve().is_relative_to(KIT_ROOT):
            current = recorded.get(key(path)) == digest(text)
        else:
            current = path.is_file() and path.read_text(encoding="utf-8") == text
        if not current:
            stale.append(path)
    return stale


def save(recorded: dict[str, str]) -> None:
    RECORD.write_text(json.dumps(dict(sorted(recorded.items())), indent=1) + "\n", encoding="utf-8")


def report(done: Written, command: str) -> int:
    """Print what happened; 1 when changed files were kept (nothing of theirs was touched)."""
    for path in done.written:
        print(f"wrote {path}")
    if done.backup:
        print(f"changed files were saved to {done.backup} before being replaced")
    if done.kept:
        print(f"kept {len(done.kept)} changed file(s), which {command} did not overwrite:")
        for path in done.kept:
            print(f"  {path}")
        print(f"They differ from what the kit last wrote (a learner's work?). To replace them anyway, saving "
              f"a copy first: {grader(command, '--force')}")
        return 1
    return 0
