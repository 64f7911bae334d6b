"""`python -m grader status`: where the learner stands, from their last checks and their files as they are now."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader import progress
from grader.commands import grader
from grader.drill.status import lines as drill_lines


def run(args: argparse.Namespace) -> int:
    workspace = Path(args.workspace)
    if not progress.started(workspace):
        watch = "make watch" if grader("watch", workspace=workspace) == grader("watch") else grader("watch", workspace=workspace)
        print(f"No check of {workspace} has run yet. Start with: {grader('check', workspace=workspace)} (or: {watch})")
        drills = drill_lines()
        for line in ["", *drills] if drills else []:
            print(line)
        return 0
    for section in sections(workspace):
        print(section)
    return 0


def sections(workspace: Path) -> list[str]:
    """What status prints, one block each; a feature adds its block here (e.g. drills due)."""
    drills = drill_lines()
    return [progress.table(workspace), "", progress.line(workspace), *(["", *drills] if drills else [])]
