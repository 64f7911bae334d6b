"""`python -m grader notebooks` and `python -m grader course` (options in grader/cli.py).

    notebooks [--check] [--force]           learner notebooks in notebooks/
    course [--check] [--out DIR] [--force]  the nbgrader course in nbgrader/

Both write like `derive`: never over a file someone changed, unless --force, which saves
it to a backup folder first (grader/derived_files.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def notebooks(args: argparse.Namespace) -> int:
    from grader.notebooks import generate

    return _write_or_check(generate.expected_notebooks(), args, "notebooks")


def course(args: argparse.Namespace) -> int:
    from grader.notebooks import generate

    return _write_or_check(generate.expected_course(Path(args.out) if args.out else generate.COURSE), args, "course")


def _write_or_check(expected: dict, args: argparse.Namespace, command: str) -> int:
    from grader import derived_files

    if args.check:
        stale = derived_files.out_of_date(expected)
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    return derived_files.report(derived_files.write(expected, force=args.force, label=command), command)
