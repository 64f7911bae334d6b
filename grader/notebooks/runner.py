"""python -m grader.notebooks.runner: grade one exercise of one workspace for a notebook cell.

Started by the check cell in a fresh process (so torch, pytest and the sandbox stay out of
the learner's kernel), it grades like `python -m grader check`, adds the hidden checks
when given a folder of them, and prints one JSON object: score, max_score, report (the
terminal report, hidden checks masked: their names too), or error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grader.catalog import load

HIDDEN_BROKE = ("The checks could not run (hidden checks included). Instructors: run "
                "`python -m grader check EXERCISE --workspace DIR --hidden HIDDEN_DIR` to see why.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.notebooks.runner")
    parser.add_argument("--workspace", required=True, help="folder with the exercise file")
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--hidden", help="folder of hidden check modules")
    parser.add_argument("--label", default="this notebook", help="what the report says it graded")
    args = parser.parse_args(argv)
    try:
        answer = grade(args.workspace, load().get(args.exercise).name, args.hidden, args.label)
    except (RuntimeError, ValueError, KeyError) as exc:  # BrokenChecks is a RuntimeError
        # A broken hidden module's error shows its source: learners see only that it broke.
        answer = {"error": HIDDEN_BROKE if args.hidden else str(exc)}
    print(json.dumps(answer))
    return 2 if "error" in answer else 0


def grade(workspace: str, exercise: str, hidden_dir: str | None, label: str) -> dict:
    from grader import devices
    from grader.engine.engine import Engine, Settings
    from grader.notebooks import hidden
    from grader.report import terminal
    from grader.sandbox.zygote import Zygote
    from grader.submission import from_folder

    zygote = Zygote()  # first: its torch import overlaps ours
    folder = Path(hidden_dir) if hidden_dir else None
    use_hidden = str(folder.resolve()) if hidden.has_checks_for(exercise, folder) else None
    try:
        engine = Engine(Settings(device=str(devices.resolve(None)), exercises=(exercise,), hidden_dir=use_hidden), zygote)
        try:
            result = engine.grade(from_folder("notebook", Path(workspace), [exercise]))
        finally:
            engine.close()
    finally:
        zygote.close()
    if result.status == "infra_error":
        raise RuntimeError(f"the grader failed: {result.infra}")
    result = hidden.mask_names(result)
    if not all(e.tests for e in result.exercises):  # a check module that failed to load: no verdict at all
        raise RuntimeError("no check ran: a check module could not be loaded")
    return {"score": min(result.score, result.max_score), "max_score": result.max_score,
            "report": terminal.render(result, label)}


if __name__ == "__main__":
    sys.exit(main())
