"""Compare an answer with the oracle's, and name the likely mistake when they differ.

Types are checked exactly (a tensor subclass or a list where a tuple is due fails), then
device, dtype and shape, then values as torch.testing.assert_close compares them, at the tolerances
the catalog states for the device. A mismatch is tried against known wrong answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch

from grader.catalog import load
from grader.checks.submission import CheckFailed
from grader.sandbox.protocol import Received, Unsupported


@dataclass
class Mistake:
    """A known wrong answer: what it is called, what to do about it, how to compute it."""

    name: str
    advice: str
    answer: Callable[[], object]


# A count computed with / or math.pow: the right number, as a float. Which of the two cannot be told apart.
FLOAT_COUNT = "float arithmetic in a count"
FLOAT_ADVICE = ("/ and math.pow give a float even where the result is whole, and a count must be an int: "
                "multiply (k * k), and floor-divide with // where you divide.")


def kind_of(value: object) -> str:
    """How a learner would name what came back."""
    if isinstance(value, Received):
        return f"a tensor of shape {tuple(value.tensor.shape)}, dtype {str(value.tensor.dtype).removeprefix('torch.')}"
    if isinstance(value, Unsupported):
        return f"an object of type {value.type_name}" + (f" ({value.note})" if value.note else "")
    if value is None:
        return "None (did the function forget to return?)"
    text, name = repr(value), type(value).__name__
    article = "an" if name[0] in "aeiou" else "a"  # "an int", "a tuple"
    return f"{article} {name} {text if len(text) < 80 else text[:77] + '...'}"


def fail(call: str, got: str, expected: str, mistakes: list[Mistake] = (), matched: Mistake | None = None,
         detail: str = "") -> None:
    message = f"Called {call}.\nGot: {got}\nExpected: {expected}"
    if detail:
        message += f"\n{detail}"
    if matched is not None:
        message += f"\nLikely mistake: {matched.name}. {matched.advice}"
    raise CheckFailed(message, mistake=matched.name if matched is not None else None)


def first_match(mistakes, same: Callable[[object], bool]) -> Mistake | None:
    for mistake in mistakes:
        try:
            if same(mistake.answer()):
                return mistake
        except Exception:  # a candidate that cannot be formed for these inputs is simply skipped
            continue
    return None


def expect_tensor(value: object, call: str, what: str = "a torch.Tensor") -> torch.Tensor:
    """The plain tensor inside a Received; anything else fails with what it was."""
    if isinstance(value, Unsupported) and "subclass" in value.note:
        fail(call, kind_of(value), f"{what}, a plain torch.Tensor: subclasses are not accepted")
    if not isinstance(value, Received):
        fail(call, kind_of(value), what)
    return value.tensor


def expect_close(value: object, expected: torch.Tensor, call: str, mistakes: list[Mistake] = (),
                 what: str = "the result") -> None:
    """Exact type, device, dtype and shape, then values within the device's tolerance."""
    got = expect_tensor(value, call)
    device = expected.device
    if value.device != device.type:
        fail(call, f"{what} on device {value.device}", f"{what} on {device.type}, where the inputs were",
             detail="Create new tensors on the input's device, e.g. torch.zeros(..., device=x.device).")
    if got.dtype != expected.dtype:
        fail(call, f"{what} of dtype {got.dtype}", f"dtype {expected.dtype}, the dtype of the inputs",
             detail="Allocate with the input's dtype, e.g. x.new_zeros(...) or dtype=x.dtype.")
    got = got.to(device)
    if got.shape != expected.shape:
        matched = first_match(mistakes, lambda wrong: tuple(_shape(wrong)) == tuple(got.shape))
        fail(call, f"{what} of shape {tuple(got.shape)}", f"shape {tuple(expected.shape)}", matched=matched)
    if not bool(torch.isfinite(got).all()) and bool(torch.isfinite(expected).all()):
        bad = int((~torch.isfinite(got)).sum())
        fail(call, f"{what} with {bad} NaN or infinite values", "finite values",
             detail="Is something divided by zero, or read from uninitialised memory (torch.empty)?")
    tol = scaled_tolerance(device.type, expected)
    # The comparison torch.testing.assert_close makes once types, devices, dtypes and shapes agree
    # (|got - expected| <= atol + rtol * |expected|, NaN never equal), without its first call's
    # import of the distributed-tensor machinery: over half a second a learner would wait for.
    if bool(torch.isclose(got, expected, rtol=tol["rtol"], atol=tol["atol"]).all()):
        return
    matched = first_match(mistakes, lambda wrong: _close(wrong, expected_like=got, tol=tol))
    if matched is None and bool((got == 0).all()):
        matched = Mistake("an all-zero output", "The output is all zeros: is the result ever written into it?", lambda: None)
    fail(call, f"{what} with the right shape but different values", "values matching PyTorch's",
         matched=matched, detail=_where_differs(got, expected, tol))


def scaled_tolerance(device_type: str, expected: torch.Tensor) -> dict:
    """The catalog's tolerance, atol scaled by the expected values' magnitude (at least 1)."""
    tol = load().tolerance(device_type)
    scale = float(expected.abs().max()) if expected.numel() and expected.is_floating_point() else 1.0
    return {"rtol": tol["rtol"], "atol": tol["atol"] * max(1.0, scale)}


def _shape(value: object):
    return value.shape if isinstance(value, torch.Tensor) else value


def _close(wrong: object, expected_like: torch.Tensor, tol: dict) -> bool:
    if not isinstance(wrong, torch.Tensor) or wrong.shape != expected_like.shape:
        return False
    return bool(torch.allclose(expected_like, wrong.to(expected_like), rtol=tol["rtol"], atol=tol["atol"]))


def _where_differs(got: torch.Tensor, expected: torch.Tensor, tol: dict) -> str:
    close = torch.isclose(got, expected, rtol=tol["rtol"], atol=tol["atol"])
    wrong = int((~close).sum())
    index = tuple(int(i) for i in (~close).nonzero()[0])
    diff = float((got - expected).abs().max())
    return (f"{wrong} of {got.numel()} values differ (largest difference {diff:.4g}); "
            f"first at index {index}: got {float(got[index]):.5g}, expected {float(expected[index]):.5g}.")


def expect_equal(value: object, expected: object, call: str, mistakes: list[Mistake] = (),
                 what: str = "", detail_if_wrong: str = "") -> None:
    """Exact equality for plain data (ints, tuples of ints, letters), with exact types."""
    if _same_plain(value, expected):
        return
    matched = first_match(mistakes, lambda wrong: _same_plain(value, wrong))
    hint = "" if matched else type_hint(value, expected)
    fail(call, (what + " " if what else "") + kind_of(value), repr(expected), matched=matched,
         detail=hint or ("" if matched else detail_if_wrong))


def type_hint(value: object, expected: object) -> str:
    """What is wrong with the type of value, in words that contradict nothing; "" when the type is right."""
    want = type(expected).__name__
    if type(expected) is tuple and type(value) is list and _same_plain(tuple(value), expected):
        return "The numbers are right, but the answer must be a tuple, not a list."
    if type(expected) is int and type(value) is float and value == expected:
        return "The number is right, but it must be an int: use // for floor division, or int()."
    if isinstance(value, Unsupported):
        return (f"Return a plain {want}: the grader accepts only built-in types "
                "(int, float, str, tuple, list, dict) and plain tensors.")
    if expected is None or type(value) is type(expected):
        return ""
    got = "None" if value is None else type(value).__name__
    text = f"The answer must be {_article(want)} {want}, not {'None' if value is None else _article(got) + ' ' + got}."
    if type(expected) is int and type(value) is float:
        text += " / always gives a float: use // for floor division, or int()."
    return text


def _article(name: str) -> str:
    return "an" if name[0] in "aeiou" else "a"


def _same_plain(a: object, b: object) -> bool:
    """Equal with the same exact types all the way down (True is not 1, a list is not a tuple)."""
    if type(a) is not type(b):
        return False
    if type(a) in (tuple, list):
        return len(a) == len(b) and all(_same_plain(x, y) for x, y in zip(a, b))
    if type(a) is float:
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))
    return a == b
