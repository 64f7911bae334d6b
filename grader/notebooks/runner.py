"""python -m grader.notebooks.runner: grade one exercise of one workspace for a notebook cell.

Started by the check cell in a fresh process (so torch, pytest and the sandbox stay out of
the learner's kernel), it grades like `python -m grader check`, adds the hidden checks
when given a folder of them, and prints one JSON object: score, max_score, report (the
terminal report, hidden checks masked), or error.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

from grader.catalog import load
from grader.paths import CHECKS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.notebooks.runner")
    parser.add_argument("--workspace", required=True, help="folder with the exercise file")
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--hidden", help="folder of hidden check modules")
    parser.add_argument("--label", default="this notebook", help="what the report says it graded")
    args = parser.parse_args(argv)
    try:
        answer = grade(args.workspace, load().get(args.exercise).name, args.hidden, args.label)
    except (RuntimeError, ValueError, KeyError) as exc:
        answer = {"error": str(exc)}
    print(json.dumps(answer))
    return 2 if "error" in answer else 0


def grade(workspace: str, exercise: str, hidden_dir: str | None, label: str) -> dict:
    from grader.notebooks import hidden
    from grader.report import terminal
    from grader.session import grade as run_checks

    seed = secrets.randbits(32)  # one draw for visible and hidden checks alike
    options = ["--workspace", workspace, "--exercise", exercise, "--grade-seed", str(seed),
               "--import-mode=importlib"]  # hidden modules may share a file name with the kit's
    result = run_checks(options, [str(CHECKS / f"check_{exercise}.py")])
    student = result.students[0]
    hidden_files = hidden.modules_for(exercise, Path(hidden_dir) if hidden_dir else None)
    if hidden_files:
        hidden_result = run_checks(options, [str(p) for p in hidden_files])
        student.exercises = [hidden.merge(student.exercises[0], hidden_result.students[0].exercises[0])]
    return {"score": min(student.score, student.max_score), "max_score": student.max_score,
            "report": terminal.render(result, label)}


if __name__ == "__main__":
    sys.exit(main())
