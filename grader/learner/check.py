"""`python -m grader check`: grade a workspace, print the report, remember the progress."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from grader.catalog import load


def run(args: argparse.Namespace) -> int:
    from grader.sandbox.zygote import Zygote

    workspace = Path(args.workspace)
    if not workspace.is_dir():
        print(f"error: {workspace} is not a folder", file=sys.stderr)
        return 2
    if args.hidden and not Path(args.hidden).is_dir():
        print(f"error: --hidden {args.hidden} is not a folder", file=sys.stderr)
        return 2
    exercises = tuple(load().get(name).name for name in args.exercise)
    zygote = Zygote()  # first: its torch import overlaps the grader's own
    try:
        code = _grade(args, workspace, exercises, zygote)
    finally:
        zygote.close(wait=False)
    # Everything is written (the report, the progress file): leave without the interpreter's
    # teardown of torch, a fifth of a second a learner would wait for after every check.
    sys.stdout.flush(), sys.stderr.flush()
    os._exit(code)


def _grade(args: argparse.Namespace, workspace: Path, exercises: tuple[str, ...], zygote) -> int:
    from grader import progress
    from grader.engine.engine import BrokenChecks, Engine, settings_for
    from grader.report import json_report, terminal
    from grader.submission import from_folder

    try:
        engine = Engine(settings_for(args, exercises), zygote)
    except (BrokenChecks, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    submission = from_folder("workspace", workspace, list(engine.settings.exercises))
    try:
        result = engine.grade(submission)
    finally:
        engine.close()
    progress.record(workspace, result, submission.files)
    if args.json:
        print(json.dumps(json_report.student_json(result), indent=2))
    else:
        print(terminal.render(result, str(args.workspace), verbose=args.verbose), end="")
        print(progress.line(workspace))
    if result.status == "infra_error":
        print(f"error: the grader failed: {result.infra}", file=sys.stderr)
        return 2
    return 0 if result.passed else 1
