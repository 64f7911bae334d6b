"""Derive the learner stubs in exercises/ from the reference solutions.

A solution marks each answer between `### BEGIN SOLUTION` and `### END SOLUTION`
(nbgrader's markers). The stub keeps everything else and replaces each region by a
NotImplementedError that names the function to write. `python -m grader derive` writes
the stubs, never over a file a learner changed (see derived_files.py); `--check` exits
non-zero when the stubs the kit last wrote are out of date with the solutions.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from grader.catalog import load
from grader import derived_files
from grader.commands import KIT_FORM
from grader.paths import EXERCISES, SOLUTIONS

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


def stub_source(solution: str, exercise: str) -> str:
    """The stub of one solution file."""
    lines, out, inside = solution.splitlines(), [], False
    owners = _enclosing_functions(solution)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped == BEGIN:
            if inside:
                raise ValueError(f"{exercise}: line {number}: nested {BEGIN}")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            name = owners.get(number, "this")
            number_label = exercise.split("_", 1)[0]
            out.append(
                f'{indent}raise NotImplementedError("{name}: not written yet. Read its docstring, '
                f'then run: {KIT_FORM} check {number_label}")'
            )
        elif stripped == END:
            if not inside:
                raise ValueError(f"{exercise}: line {number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{exercise}: {BEGIN} is never closed")
    return "\n".join(out) + "\n"


def _enclosing_functions(source: str) -> dict[int, str]:
    """Line number -> name of the innermost function containing it ("ConvReLU.__init__")."""
    owners: dict[int, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for line in range(child.lineno, (child.end_lineno or child.lineno) + 1):
                    owners[line] = f"{prefix}{child.name}"
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(source), "")
    return owners


def expected_stubs() -> dict[Path, str]:
    """Every stub as the solutions derive it, keyed by its path in exercises/ (not read from there)."""
    return {
        EXERCISES / f"{e.name}.py": stub_source((SOLUTIONS / f"{e.name}.py").read_text(), e.name)
        for e in load().exercises
    }


def run(args) -> int:
    """`python -m grader derive [--check] [--force]`."""
    expected = expected_stubs()
    if args.check:
        stale = derived_files.out_of_date(expected)
        for path in stale:
            print(f"out of date: {path} (the solution changed since the stub was derived)")
        return 1 if stale else 0
    return derived_files.report(derived_files.write(expected, force=args.force), "derive")


def solution_regions(source: str) -> int:
    return len(re.findall(rf"^\s*{re.escape(BEGIN)}\s*$", source, flags=re.M))
