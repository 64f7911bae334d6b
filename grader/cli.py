"""The command-line front: python -m grader {check,hint,derive} (and class, for instructors)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grader.catalog import load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description="Grade the CNN block kit's exercises.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="grade one workspace (default: exercises/)")
    check.add_argument("exercise", nargs="*", help="exercises to grade, e.g. ex03 or 3 (default: all)")
    check.add_argument("--workspace", default="exercises", help="folder laid out like exercises/")
    check.add_argument("--device", help="cuda, mps or cpu (default: CUDA, else MPS, else CPU)")
    check.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    check.add_argument("--verbose", "-v", action="store_true", help="show every failing check")
    check.add_argument("--seed", type=int, help="seed of the random inputs, to reproduce a run")
    check.add_argument("--timeout", type=float, help="seconds each exercise may run")
    check.add_argument("--hidden", help="folder of instructor-only check_*.py modules (their messages stay hidden)")

    hint = sub.add_parser("hint", help="show the hints of an exercise, one more at a time")
    hint.add_argument("exercise")
    hint.add_argument("count", nargs="?", type=int, default=1, help="how many hints to show")

    derive = sub.add_parser("derive", help="write exercises/ stubs from solutions/ (instructors)")
    derive.add_argument("--check", action="store_true", help="only report stale stubs; exit 1 if any")

    commands = {"check": _check, "hint": _hint, "derive": _derive}
    for extension in _extensions():  # commands that live in their own packages
        commands.update(extension.add_parsers(sub))

    args = parser.parse_args(argv)
    try:
        return commands[args.command](args)
    except KeyError as exc:  # an unknown exercise name
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2


def _extensions() -> list:
    """Sub-packages that add commands: each has add_parsers(sub) -> {name: handler}."""
    import importlib

    found = []
    for name in ("grader.notebooks.cli",):
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name not in (name, name.rsplit(".", 1)[0]):
                raise
    return found


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

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
        return _grade_workspace(args, workspace, exercises, zygote)
    finally:
        zygote.close()


def _grade_workspace(args: argparse.Namespace, workspace, exercises: tuple[str, ...], zygote) -> int:
    from grader import devices, progress
    from grader.engine.engine import Engine, Settings
    from grader.engine.suite import BrokenChecks
    from grader.report import json_report, terminal
    from grader.submission import from_folder

    try:
        settings = Settings(device=str(devices.resolve(args.device)), exercises=exercises, seed=args.seed,
                            timeout_s=args.timeout or 0.0, hidden_dir=str(Path(args.hidden).resolve()) if args.hidden else None)
        engine = Engine(settings, zygote)
    except (BrokenChecks, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        result = engine.grade(from_folder("workspace", workspace, list(engine.settings.exercises)))
    finally:
        engine.close()
    progress.record(workspace, result)
    if args.json:
        print(json.dumps(json_report.student_json(result), indent=2))
    else:
        print(terminal.render(result, str(args.workspace), verbose=args.verbose), end="")
    if result.status == "infra_error":
        print(f"error: the grader failed: {result.infra}", file=sys.stderr)
        return 2
    return 0 if result.passed else 1


def _hint(args: argparse.Namespace) -> int:
    from grader import hints

    print(hints.render(args.exercise, args.count), end="")
    return 0


def _derive(args: argparse.Namespace) -> int:
    from grader import derive

    if args.check:
        stale = derive.stale_stubs()
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    for path in derive.write_stubs():
        print(f"wrote {path}")
    return 0
