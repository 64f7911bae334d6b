"""Which exercises are too short to judge similarity: independent correct answers look alike there.

Two rules, both computed from the reference solution and its stub, never from what students handed in:
- the answer is a value (a number, a letter, a dict of shapes): every correct answer is the same text;
- the answer is short: after names are normalised (copydetect's V, F, S) and the stub's windows are
  removed, the reference adds fewer than MIN_ANSWER_CHARS characters of its own. Measured on this kit,
  independent answers of ex03 (103 characters) written in different styles were 77-89 % similar, while
  those of ex07 (226), ex08 (156) and ex09 (318) stayed at or below 57 %.
"""

from __future__ import annotations

import ast
import textwrap

from grader.derive import BEGIN, END
from grader.insight import fingerprint

MIN_ANSWER_CHARS = 150  # about three lines of code once names and spaces are normalised


def too_short(reference: str, stub: str) -> str | None:
    """Why this exercise cannot be judged, or None when it can."""
    regions = _solution_regions(reference)
    if regions and all(_answers_are_values(region) for region in regions):
        return "its answers are values (numbers, letters, shapes): every correct answer is the same text"
    own = fingerprint.own_size(fingerprint.fingerprint(reference, fingerprint.boilerplate(stub)))
    if own < MIN_ANSWER_CHARS:
        return (f"its answer is short ({own} normalised characters beyond the stub, under {MIN_ANSWER_CHARS}): "
                "independent correct answers look alike")
    return None


def _solution_regions(reference: str) -> list[str]:
    """The code between each BEGIN SOLUTION and END SOLUTION marker, dedented."""
    regions, current = [], None
    for line in reference.splitlines():
        if line.strip() == BEGIN:
            current = []
        elif line.strip() == END and current is not None:
            regions.append(textwrap.dedent("\n".join(current)))
            current = None
        elif current is not None:
            current.append(line)
    return regions


def _answers_are_values(region: str) -> bool:
    """True when the region is only `return <literal>` (comments aside)."""
    try:
        body = ast.parse(region).body
    except SyntaxError:  # a region that is not a block of its own: judge it by size instead
        return False
    if not body or not all(isinstance(s, ast.Return) and s.value is not None for s in body):
        return False
    try:
        for statement in body:
            ast.literal_eval(statement.value)
    except ValueError:
        return False
    return True

