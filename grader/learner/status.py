"""`python -m grader status`: where the learner stands, from the results of their last checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader import progress


def run(args: argparse.Namespace) -> int:
    workspace = Path(args.workspace)
    if not progress.of(workspace):
        print(f"No check of {workspace} has run yet. Start with: python -m grader check (or: make watch)")
        return 0
    print(progress.table(workspace))
    print()
    print(progress.line(workspace))
    return 0
