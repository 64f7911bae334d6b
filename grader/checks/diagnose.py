"""A mistake is named only when it explains every call: a wrong name is worse than none.

One call can match a known wrong answer by chance (on the unpadded case, "padding missing" and
"off by one in the output size" give the same shape). So a check names a mistake only when that
mistake's prediction agrees with what the learner's code returned on every call of the group:
on the calls that failed, and on the calls that passed (where a mistake that does not apply, or
cannot be formed, predicts the right answer). Otherwise the message says what differs, and names
nothing (shared/DESIGN.md, principle 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable, Iterable

import torch

from grader.checks.compare import Mistake, _same_plain, scaled_tolerance
from grader.sandbox.protocol import Received


NO_ANSWER = object()  # what a call that raised, crashed or never answered "returned"


class Deferred(Sequence):
    """A list of mistakes worked out the first time it is read. The checks read it only when an
    answer is wrong, so a right answer never pays for trying every known wrong one. A Sequence,
    so a hidden check that takes its length or an item still reads it as the list it was."""

    def __init__(self, compute: Callable[[], list[Mistake]]) -> None:
        self._compute, self._items = compute, None

    def _list(self) -> list[Mistake]:
        if self._items is None:
            self._items = self._compute()
        return self._items

    def __iter__(self):
        return iter(self._list())

    def __len__(self) -> int:
        return len(self._list())

    def __getitem__(self, index):
        return self._list()[index]


def explained(run, op_id: str, group: Iterable[str], mistakes_of: Callable[[str], list[Mistake]],
              expected_of: Callable[[str], object], agrees: Callable[[object, object], bool]) -> Deferred:
    """The mistakes of op_id that explain what the learner returned on every call in group (read lazily)."""
    group = tuple(group)

    def names() -> set[str]:
        calls = []
        for other in group:
            answer = run.answers.get(other)
            got = answer.value if answer is not None and answer.ok else NO_ANSWER
            calls.append((got, mistakes_of(other), lambda other=other: expected_of(other)))
        return explaining(calls, agrees)

    def explaining_op() -> list[Mistake]:
        found = run.once("explains:" + ",".join(group), names)
        return [m for m in mistakes_of(op_id) if m.name in found]

    return Deferred(explaining_op)


def explaining(calls, agrees: Callable[[object, object], bool]) -> set[str]:
    """The names of the mistakes that explain every call: calls are (got, mistakes, expected()) triples.

    Several mistakes may share a name (two off-by-ones): on each call one of them must agree. A name
    missing from a call's list, or whose answer cannot be formed there, predicts the right answer."""
    names = {m.name for _, mistakes, _ in calls for m in mistakes}
    return {name for name in names if all(_agrees_on(got, [m for m in mistakes if m.name == name], expected, agrees)
                                          for got, mistakes, expected in calls)}


def _agrees_on(got: object, variants: list[Mistake], expected: Callable[[], object], agrees) -> bool:
    if got is NO_ANSWER:
        return False  # no mistake of a value explains an exception or a crash
    predictions = []
    for mistake in variants:
        try:
            predictions.append(mistake.answer())
        except Exception:  # not formed for these inputs: it predicts nothing wrong here
            predictions.append(None)
    if not predictions or None in predictions:
        predictions.append(expected())
    for prediction in predictions:
        try:
            if prediction is not None and agrees(got, prediction):
                return True
        except Exception:  # a prediction that cannot be compared agrees with nothing
            continue
    return False


def plain_agrees(value: object, prediction: object) -> bool:
    """Plain data: equal with the same exact types all the way down."""
    return _same_plain(value, prediction)


def tensor_agrees(device_type: str) -> Callable[[object, object], bool]:
    """A tensor answer: same shape and dtype, values within the device's tolerance."""
    def agrees(value: object, prediction: object) -> bool:
        if not isinstance(value, Received) or not isinstance(prediction, torch.Tensor):
            return False
        got = value.tensor
        if got.shape != prediction.shape or got.dtype != prediction.dtype:
            return False
        tol = scaled_tolerance(device_type, prediction)
        return bool(torch.isclose(got.to(prediction.device), prediction, rtol=tol["rtol"], atol=tol["atol"]).all())

    return agrees
