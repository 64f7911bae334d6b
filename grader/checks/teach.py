"""Feedback on an answer that is the value itself: what is wrong with it, never the value expected.

Where the exercise asks for a value (a shape to predict, the seed layer's count, a letter),
printing the expected value would hand the answer over, and one run of the grader would
solve the exercise (shared/DESIGN.md, principle 10: teach, don't tell). So a rejection says
what the learner returned and what is wrong with it and why, names every known mistake the
value matches, and ends with where to go next: a hint of the exercise, from the catalog.

    Called conv2d_macs(3, 8, 3, 64, 64).
    Got: an int ...
    Likely mistake: FLOPs instead of MACs. Your count is twice the right one: ...
    Next: .venv/bin/python -m grader hint ex05 2
"""

from __future__ import annotations

from typing import NoReturn

from grader.catalog import load
from grader.checks.compare import Mistake, kind_of, type_hint
from grader.checks.compare import _same_plain as same_plain  # exact types all the way down
from grader.checks.submission import CheckFailed


def next_hint(exercise: str, number: int = 1) -> str:
    """`Next: .venv/bin/python -m grader hint ex02 3`: the exercise's hints up to the one about this problem."""
    from grader.commands import grader

    entry = load().get(exercise)
    return f"Next: {grader('hint', entry.number, min(max(number, 1), len(entry.hints)))}"


def matching(mistakes, value: object) -> list[Mistake]:
    """Every known mistake whose answer is the learner's value: on the seed layer, where
    in_channels = kernel_size = 3, two different slips give the same number."""
    found = []
    for mistake in mistakes:
        try:
            if same_plain(value, mistake.answer()) and all(m.name != mistake.name for m in found):
                found.append(mistake)
        except Exception:  # a candidate that cannot be formed for these inputs is simply skipped
            continue
    return found


def reject(call: str, answer_line: str, wrong: list[str], exercise: str, hint: int,
           matched: list[Mistake] = ()) -> NoReturn:
    """Fail the check with what is wrong, the mistakes matched, and the next hint: nothing expected."""
    lines = [f"Called {call}.", answer_line, *wrong]
    if matched:
        first, *others = matched
        lines.append(f"Likely mistake: {first.name}. {first.advice}"
                     + "".join(f" Or: {other.name}. {other.advice}" for other in others))
    # the hint the catalog says is about the named mistake, as the report's "Hint N" line shows
    lines.append(next_hint(exercise, load().get(exercise).hint_about(m.name for m in matched) or hint))
    raise CheckFailed("\n".join(lines), mistake=matched[0].name if matched else None)


def type_problem(value: object, expected: object) -> str | None:
    """What is wrong with the type of value, without showing any expected value; None if the type is fine.

    "The numbers are right" is said only of the learner's own numbers: they already hold them."""
    if type(expected) is tuple and type(value) is list:
        if same_plain(tuple(value), expected):
            return "The numbers are right, but the answer must be a tuple, not a list."
        return "The answer must be a tuple, not a list: write (...) rather than [...]."
    if type(expected) is int and type(value) is float and value == expected:
        return "The number is right, but it must be an int: use // for floor division, or int()."
    if type(expected) is tuple and type(value) is tuple and all(type(x) is int for x in expected):
        if any(type(x) is not int for x in value):
            if len(value) == len(expected) and all(type(x) is float and x == y for x, y in zip(value, expected)):
                return "The numbers are right, but each must be an int: use // for floor division, or int()."
            return "Each entry must be a plain int (not a float, a bool or a string): use // for floor division, or int()."
        return None
    return type_hint(value, expected) or None


def too_large_or_small(value: int | float, expected: int | float) -> str:
    return "too large" if value > expected else "too small"


def expect_count(value: object, expected: int, call: str, mistakes: list[Mistake], exercise: str, hint: int,
                 nudge: str) -> None:
    """A count the exercise asks for: right, or rejected with how it is off and the mistake it matches.

    A named mistake says how the count relates to the right one ("twice the right one",
    "short by exactly the biases"); without one, only its direction and a question to ask."""
    if same_plain(value, expected):
        return
    got = f"Got: {kind_of(value)}"
    matched = matching(mistakes, value)  # a float from `/` is a mistake with a name, before a type problem
    problem = None if matched else type_problem(value, expected)
    if problem:
        reject(call, got, [problem], exercise, hint)
    wrong = [] if matched else [f"Your count is {too_large_or_small(value, expected)}. {nudge}"]
    reject(call, got, wrong, exercise, hint, matched)
