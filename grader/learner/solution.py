"""`python -m grader solution EXERCISE`: the reference solution, once the exercise passes.

Before that, only with --reveal and a typed confirmation: seeing the answer first costs
the practice the exercise is for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader import progress
from grader.catalog import load
from grader.commands import grader
from grader.derive import BEGIN, END
from grader.paths import SOLUTIONS

CONFIRM = "show"


def run(args: argparse.Namespace) -> int:
    entry = load().get(args.exercise)
    workspace = Path(args.workspace)
    if not progress.earned(workspace, entry.name):
        if not args.reveal:
            print(f"{entry.name} has not passed at its last check, so its solution stays hidden.\n"
                  f"  Keep going: {grader('check', entry.number, workspace=workspace)}\n"
                  f"  Stuck? {grader('hint', entry.number)}\n"
                  f"  To see it anyway: {grader('solution', entry.number, '--reveal', workspace=workspace)}")
            return 1
        print(f"You have not passed {entry.name} yet. Reading the solution now takes away the practice.")
        print(f"Type '{CONFIRM}' to see it anyway: ", end="", flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer != CONFIRM:
            print("Not shown. Good luck!")
            return 1
    print(f"# The reference solution of {entry.name} ({SOLUTIONS / (entry.name + '.py')}):\n")
    print(clean((SOLUTIONS / f"{entry.name}.py").read_text(encoding="utf-8")), end="")
    return 0


def clean(solution: str) -> str:
    """The solution as a learner would write it: without the kit's region markers (derive.py's)."""
    return "".join(line for line in solution.splitlines(keepends=True) if line.strip() not in (BEGIN, END))
