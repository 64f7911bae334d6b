"""`python -m grader reset EXERCISE`: put the stub back, after saving the learner's file."""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from grader.catalog import load
from grader.derive import stub_source
from grader.paths import BACKUPS, SOLUTIONS


def run(args: argparse.Namespace) -> int:
    entry = load().get(args.exercise)
    path = Path(args.workspace) / f"{entry.name}.py"
    stub = stub_source((SOLUTIONS / f"{entry.name}.py").read_text(encoding="utf-8"), entry.name)
    if path.exists() and path.read_bytes() != stub.encode("utf-8"):
        backup = BACKUPS / f"{time.strftime('%Y%m%d-%H%M%S')}-reset" / path.name
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
        print(f"Saved your {path.name} to {backup}")
    elif path.exists():
        print(f"{path} already holds the stub: nothing to save.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stub, encoding="utf-8")
    print(f"Put the stub of {entry.name} back in {path}. Start again with: python -m grader check {entry.number}")
    return 0
