"""`python -m grader hint EXERCISE [N]`: progressive hints, one at a time."""

from __future__ import annotations

from grader.catalog import load
from grader.commands import grader


def render(exercise: str, upto: int | None) -> str:
    entry = load().get(exercise)
    count = len(entry.hints)
    upto = min(upto or 1, count)
    lines = [f"{entry.name} - {entry.title}"]
    lines += [f"  Hint {i} of {count}: {hint}" for i, hint in enumerate(entry.hints[:upto], start=1)]
    if upto < count:
        lines.append(f"  Next hint: {grader('hint', entry.number, upto + 1)}")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    print(render(args.exercise, args.count), end="")
    return 0
