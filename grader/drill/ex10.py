"""Exercise 10's interview questions, asked in the mock interview: its text, the reference's answer,
and its checks' mistakes (grader/checks/check_ex10_interview_questions.py)."""

from __future__ import annotations

import inspect

from grader.checks import check_ex10_interview_questions as checks
from grader.drill.question import Question
from grader.reference import reference

NAMES = [*checks.NUMERIC, *checks.CHOICES]


def question(name: str) -> Question:
    function = getattr(reference(checks.EXERCISE), name)
    expected = function()
    text = inspect.getdoc(function).replace("Return an int.", "").replace("Return a number.", "")
    return Question("ex10", " ".join(text.split("\n\n")[0].split()) + _options(function), expected,
                    "exercise 10's reference answer", extra={"question": name})


def _options(function) -> str:
    parts = inspect.getdoc(function).split("\n\n")[1:]
    return ("\n    " + "\n    ".join(parts[0].splitlines())) if parts else ""


def mistakes(q: Question):
    numeric = checks.NUMERIC.get(q.extra["question"])
    return numeric.mistakes if numeric else []
