"""`python -m grader restore EXERCISE [BACKUP]`: put a saved copy of an exercise back.

Without BACKUP it lists the saved copies, newest first, numbered; with one (its number, or
its path as listed) it saves the current file first, so a restore loses nothing either.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from grader.catalog import load
from grader.commands import grader
from grader.learner import backups


def run(args: argparse.Namespace) -> int:
    entry = load().get(args.exercise)
    workspace = Path(args.workspace)
    saved = backups.of(entry.name)
    if not saved:
        print(f"No saved copy of {entry.name}.py yet: reset and derive --force save one before they replace a file.")
        return 0 if args.backup is None else 2
    if args.backup is None:
        print(f"Saved copies of {entry.name}.py, newest first:")
        for number, path in enumerate(saved, start=1):
            print(f"  {number}  {path}")
        print(f"Put one back with: {grader('restore', entry.number, 1, workspace=workspace)}")
        return 0
    chosen = _chosen(args.backup, saved)
    if chosen is None:
        print(f"error: {args.backup!r} is not one of the {len(saved)} saved copies of {entry.name}.py; "
              f"list them with: {grader('restore', entry.number, workspace=workspace)}", file=sys.stderr)
        return 2
    path = workspace / f"{entry.name}.py"
    if path.exists() and path.read_bytes() != chosen.read_bytes():
        print(f"Saved your current {path.name} to {backups.save(path, 'restore')}")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(chosen, path)
    print(f"Put {chosen} back in {path}. Check it with: {grader('check', entry.number, workspace=workspace)}")
    return 0


def _chosen(wanted: str, saved: list[Path]) -> Path | None:
    if wanted.isdigit() and 1 <= int(wanted) <= len(saved):
        return saved[int(wanted) - 1]
    for path in saved:
        if Path(wanted).resolve() in (path.resolve(), path.parent.resolve()):
            return path
    return None
