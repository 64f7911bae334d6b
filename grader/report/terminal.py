"""The learner's report in a terminal: verdicts, points, device, and where to go next."""

from __future__ import annotations

import textwrap

from grader.catalog import load
from grader.commands import grader
from grader.result import SubmissionResult

PASS, FAIL = "PASS", "FAIL"
NOT_GRADED = "not graded"


def header(result: SubmissionResult, workspace: str) -> str:
    """`Grading exercises on cpu (...; sandbox: ...)`: said once per run (watch: once per session)."""
    inputs = f"inputs drawn with seed {result.seed}" if result.seed is not None else "inputs drawn from each file's content"
    return f"Grading {workspace} on {result.device} ({inputs}; sandbox: {result.isolation or 'none'})"


def render(result: SubmissionResult, workspace: str, verbose: bool = False, max_failures: int = 3,
           course: str | None = None) -> str:
    """The report; `course` (watch's `N/10 exercises, P/110 points`) replaces the header and this run's total."""
    student = result
    lines = [header(result, workspace), ""] if course is None else []
    for ex in student.exercises:
        if ex.status == NOT_GRADED:  # a platform's partial result: grading stopped before it
            lines.append(f"  ----  {ex.name:<30} not graded        -/{_pts(ex.max_score)} points")
            continue
        mark = PASS if ex.passed else FAIL
        passed = sum(t.status == "passed" for t in ex.tests)
        lines.append(f"  {mark}  {ex.name:<30} {passed:>2}/{len(ex.tests):<2} checks  {_pts(ex.score)}/{_pts(ex.max_score)} points")
    lines += ["", course or f"Total: {_pts(student.score)} / {_pts(student.max_score)} points", ""]
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
        number = first_hint(ex)
        lines += ["", f"  Hint {number} of {len(entry.hints)}: {entry.hints[number - 1]}", f"  {more_hints(entry, number)}", ""]
    return lines


def first_hint(ex) -> int:
    """The hint to show first: the one about the mistake a failing check named, else hint 1."""
    return load().get(ex.name).hint_for(t.mistake for t in ex.tests if t.status != "passed" and t.mistake)


def more_hints(entry, shown: int) -> str:
    """Where the hints after (or around) the one shown are."""
    if len(entry.hints) == 1:
        return f"Again: {grader('hint', entry.number)}"
    if shown == 1:
        return f"More hints: {grader('hint', entry.number, 2)}"
    return f"All hints: {grader('hint', entry.number, len(entry.hints))}"


def _pts(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"
