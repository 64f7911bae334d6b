"""The learner's report in a terminal: verdicts, points, device, and where to go next."""

from __future__ import annotations

import textwrap

from grader.catalog import load
from grader.result import SubmissionResult

PASS, FAIL = "PASS", "FAIL"
NOT_GRADED = "not graded"


def render(result: SubmissionResult, workspace: str, verbose: bool = False, max_failures: int = 3) -> str:
    student = result
    inputs = f"inputs drawn with seed {result.seed}" if result.seed is not None else "inputs drawn from each file's content"
    lines = [f"Grading {workspace} on {result.device} ({inputs}; sandbox: {result.isolation or 'none'})", ""]
    for ex in student.exercises:
        if ex.status == NOT_GRADED:  # a platform's partial result: grading stopped before it
            lines.append(f"  ----  {ex.name:<30} not graded        -/{_pts(ex.max_score)} points")
            continue
        mark = PASS if ex.passed else FAIL
        passed = sum(t.status == "passed" for t in ex.tests)
        lines.append(f"  {mark}  {ex.name:<30} {passed:>2}/{len(ex.tests):<2} checks  {_pts(ex.score)}/{_pts(ex.max_score)} points")
    lines += ["", f"Total: {_pts(student.score)} / {_pts(student.max_score)} points", ""]
    unsolved = [ex for ex in student.exercises if not ex.passed and ex.status != NOT_GRADED]
    for ex in unsolved if verbose else unsolved[:1]:
        lines += _details(student, ex, max_failures if not verbose else 999)
    if not unsolved and student.exercises and all(ex.passed for ex in student.exercises):
        lines.append("Every check passes. Well done: now try explaining each answer out loud, as in an interview.")
    return "\n".join(lines).rstrip() + "\n"


def _details(student: SubmissionResult, ex, max_failures: int) -> list[str]:
    entry = load().get(ex.name)
    lines = [f"Next: {ex.name} - {entry.title}", f"  {entry.summary}"]
    failures = [t for t in ex.tests if t.status != "passed"]
    groups: dict[str, list[str]] = {}  # one message, said once, for every check that says it
    for test in failures:
        groups.setdefault(test.message, []).append(test.name)
    if len(failures) > 1 and len(groups) == 1:  # a stub: say it once
        lines.append(f"  All {len(failures)} failing checks ({', '.join(t.name for t in failures)}) say:")
        lines += [textwrap.indent(part, "      ") for part in failures[0].message.splitlines()]
        groups = {}
    shown = list(groups.items())[:max_failures]
    for message, names in shown:
        lines.append(f"  x {', '.join(names)}")
        lines += [textwrap.indent(part, "      ") for part in message.splitlines()]
    hidden = sum(len(names) for _, names in list(groups.items())[max_failures:])
    if hidden:
        lines.append(f"  ... and {hidden} more failing checks (--verbose shows them all)")
    output = ex.output
    if output:
        lines.append("  Your code printed:")
        lines += [textwrap.indent(line, "      ") for line in output.splitlines()[:10]]
    if entry.hints:
        lines += ["", f"  Hint 1 of {len(entry.hints)}: {entry.hints[0]}",
                  f"  More hints: python -m grader hint {entry.number}", ""]
    return lines


def _pts(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"
