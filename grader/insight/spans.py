"""Shared spans cut back to the student's own lines, for highlighting.

copydetect matches normalised text, where a whole docstring is one character; mapped back to the source,
a match that starts in the stub's signature and ends in the answer also covers the docstring between.
Lines that are in the stub word for word are the stub's, so they are never marked as shared.
"""

from __future__ import annotations

Spans = tuple[tuple[int, int], ...]


def without_stub_lines(spans: Spans, text: str, stub: str) -> Spans:
    stub_lines = {line.strip() for line in stub.splitlines()}
    marked = bytearray(len(text))
    for start, end in spans:
        marked[start:end] = b"\x01" * (end - start)
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip() in stub_lines or not line.strip():
            marked[position : position + len(line)] = bytes(len(line))
        position += len(line)
    return _ranges(marked, text)


def _ranges(marked: bytearray, text: str) -> Spans:
    """Runs of marked characters, trimmed of surrounding white space."""
    out, start = [], None
    for index, flag in enumerate(marked + b"\x00"):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            run = text[start:index]
            left, right = len(run) - len(run.lstrip()), len(run.rstrip())
            if right > left:
                out.append((start + left, start + right))
            start = None
    return tuple(out)
