"""`python -m grader reset EXERCISE`: put the stub back, after saving the learner's file.

Resetting an exercise that passes throws a working answer out of the workspace, so it asks
first (`--yes` does not); the file is saved either way, and `restore` brings it back.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader import progress
from grader.catalog import load
from grader.commands import grader
from grader.derive import stub_source
from grader.learner import backups
from grader.paths import SOLUTIONS


def run(args: argparse.Namespace) -> int:
    entry = load().get(args.exercise)
    workspace = Path(args.workspace)
    path = workspace / f"{entry.name}.py"
    stub = stub_source((SOLUTIONS / f"{entry.name}.py").read_text(encoding="utf-8"), entry.name)
    if progress.passed(workspace, entry.name) and not args.yes and not confirm(
            f"{entry.name} passes. Reset it to the stub anyway (your file is saved first)? [y/N] "):
        print(f"Nothing changed. (To skip this question: {grader('reset', entry.number, '--yes', workspace=workspace)})")
        return 1
    if path.exists() and path.read_bytes() != stub.encode("utf-8"):
        backup = backups.save(path, "reset")
        print(f"Saved your {path.name} to {backup}")
        print(f"  Put it back with: {grader('restore', entry.number, workspace=workspace)}")
    elif path.exists():
        print(f"{path} already holds the stub: nothing to save.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stub, encoding="utf-8")
    progress.forget(workspace, entry.name)
    print(f"Put the stub of {entry.name} back in {path}. Start again with: "
          f"{grader('check', entry.number, workspace=workspace)}")
    return 0


def confirm(question: str) -> bool:
    """A yes from the learner; no answer (end of input) is a no."""
    print(question, end="", flush=True)
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        print()
    return answer.strip().lower() in ("y", "yes")
