"""`python -m grader status`: where the learner stands, from the results of their last checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader import progress
from grader.drill.status import show as show_drills


def run(args: argparse.Namespace) -> int:
    workspace = Path(args.workspace)
    if not progress.of(workspace):
        print(f"No check of {workspace} has run yet. Start with: python -m grader check (or: make watch)")
        show_drills()
        return 0
    print(progress.table(workspace))
    print()
    print(progress.line(workspace))
    show_drills()
    return 0
