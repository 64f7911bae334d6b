"""Commands of the notebooks package, added to `python -m grader` by grader/cli.py:

    python -m grader notebooks [--check]          learner notebooks in notebooks/
    python -m grader course [--check] [--out DIR] the nbgrader course in nbgrader/
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parsers(sub) -> dict:
    notebooks = sub.add_parser("notebooks", help="write notebooks/ from solutions/ and the catalog (instructors)")
    notebooks.add_argument("--check", action="store_true", help="only report stale notebooks; exit 1 if any")
    course = sub.add_parser("course", help="write the nbgrader course (nbgrader_config.py, source/) (instructors)")
    course.add_argument("--check", action="store_true", help="only report stale course files; exit 1 if any")
    course.add_argument("--out", help="course folder (default: nbgrader/ in the kit)")
    return {"notebooks": _notebooks, "course": _course}


def _notebooks(args: argparse.Namespace) -> int:
    from grader.notebooks import generate

    return _write_or_check(generate.expected_notebooks(), args.check)


def _course(args: argparse.Namespace) -> int:
    from grader.notebooks import generate

    expected = generate.expected_course(Path(args.out) if args.out else generate.COURSE)
    return _write_or_check(expected, args.check)


def _write_or_check(expected: dict, check_only: bool) -> int:
    from grader.notebooks import generate

    if check_only:
        stale = generate.stale(expected)
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    for path in generate.write(expected):
        print(f"wrote {path}")
    return 0
