"""Read a typed answer in any of the spellings a learner uses.

A shape: `(4, 32, 16, 16)`, `[4, 32, 16, 16]`, `4 32 16 16`, `4,32,16,16`, `4x32x16x16` or
`torch.Size([4, 32, 16, 16])`; `invalid` (or `error`) where PyTorch refuses the layer. A count:
`12832`, `12_832` or `12,832`. Yes or no: `yes`, `y`, `true`, `no`, `n`, `false`. Values: a list
of numbers in the same spellings as a shape.
"""

from __future__ import annotations

import re

from grader.drill import oracle

YES, NO = {"yes", "y", "true", "valid", "runs", "it runs"}, {"no", "n", "false", "invalid", "error", "it fails"}
REFUSED = {"invalid", "error", "refused", "it fails", "fails", "raises"}
_NUMBER = r"-?\d+(?:\.\d*)?(?:e-?\d+)?"
_SEQUENCE = re.compile(rf"^\s*(?:torch\.size)?[\s(\[]*({_NUMBER}(?:\s*[,x×\s]\s*{_NUMBER})*)\s*,?[\s)\]]*$")


class Unreadable(ValueError):
    """The text is not an answer of the kind asked: say how to write one."""


def parse(text: str, expected: object) -> object:
    """The answer in the expected answer's type; Unreadable when it cannot be one."""
    words = " ".join(text.strip().lower().split())
    if isinstance(expected, bool):
        if words in YES or words in NO:
            return words in YES
        raise Unreadable("answer yes or no")
    if words in REFUSED:
        return oracle.INVALID
    if isinstance(expected, tuple) or expected == oracle.INVALID:
        return tuple(int(n) for n in _numbers(words, integers=True))
    if isinstance(expected, list):
        return [float(n) for n in _numbers(words, integers=False)]
    if isinstance(expected, str):  # a letter of a multiple choice
        if re.fullmatch(r"[a-z]\)?", words):
            return words[0].upper()
        raise Unreadable("answer with the letter of one option, e.g. B")
    if isinstance(expected, float):
        if re.fullmatch(_NUMBER, words):
            return float(words)
        raise Unreadable("answer with a number, e.g. 0.5")
    if isinstance(expected, int):
        digits = re.sub(r"(?<=\d)[_,](?=\d{3}\b)", "", words)
        if re.fullmatch(r"-?\d+", digits):
            return int(digits)
        raise Unreadable("answer with one whole number, e.g. 12832")
    raise Unreadable("answer as asked")


def _numbers(words: str, integers: bool) -> list[str]:
    found = _SEQUENCE.match(words)
    if not found:
        raise Unreadable("write the numbers in a row, e.g. (4, 32, 16, 16), [4, 32, 16, 16] or 4 32 16 16"
                         + (", or 'invalid' if PyTorch refuses it" if integers else ""))
    numbers = re.findall(_NUMBER, found.group(1))
    if integers and any(not re.fullmatch(r"-?\d+", n) for n in numbers):
        raise Unreadable("a shape holds whole numbers")
    return numbers


def same(given: object, expected: object) -> bool:
    if isinstance(expected, float) and isinstance(given, float):
        return abs(given - expected) <= 1e-6
    if isinstance(expected, list) and isinstance(given, list):
        return len(given) == len(expected) and all(abs(g - e) <= 1e-6 for g, e in zip(given, expected))
    return type(given) is type(expected) and given == expected
