"""Checks that run once per case, without importing pytest.

    @cases("scenario", ["no_padding", "stride_2"])
    def test_predicted_shape(run, scenario): ...

The grader's own runner calls such a check once per value; the pytest plugin turns the
same mark into pytest's parametrize, so a check module stays an ordinary test module.
Instructors' hidden modules may use pytest.mark.parametrize instead: both are read.
"""

from __future__ import annotations

from typing import Callable, Iterable


def cases(argname: str, values: Iterable) -> Callable:
    def mark(test: Callable) -> Callable:
        test.cases = (argname, tuple(values))
        return test

    return mark


def expand(test: Callable) -> list[tuple[str, dict]]:
    """(id, keyword arguments) for each call of a check: [("", {})] when it has no cases."""
    if hasattr(test, "cases"):
        argname, values = test.cases
        return [(str(value), {argname: value}) for value in values]
    for mark in getattr(test, "pytestmark", ()):  # written with pytest, as a hidden module may be
        if getattr(mark, "name", "") == "parametrize":
            argname, values = mark.args[0], mark.args[1]
            if "," not in argname:
                return [(str(v), {argname: v}) for v in values]
            names = [n.strip() for n in argname.split(",")]
            return [("-".join(map(str, v)), dict(zip(names, v))) for v in values]
    return [("", {})]
