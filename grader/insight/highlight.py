"""A source as escaped HTML with its shared spans marked, for the side-by-side view of a pair."""

from __future__ import annotations

from markupsafe import Markup, escape

from grader.insight.spans import Spans

MAX_LINES = 300  # a longer file is cut in the page (the whole file is in the student's folder)


def marked(text: str, spans: Spans) -> Markup:
    """<mark> around each shared span; everything else escaped. Spans are [start, end) offsets."""
    lines = text.splitlines(keepends=True)
    cut = len(lines) > MAX_LINES
    limit = sum(len(line) for line in lines[:MAX_LINES]) if cut else len(text)
    parts, position = [], 0
    for start, end in spans:
        start, end = max(start, position), min(end, limit)
        if start >= end:
            continue
        parts.append(escape(text[position:start]))
        parts.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        position = end
    parts.append(escape(text[position:limit]))
    if cut:
        parts.append(escape(f"\n… cut after {MAX_LINES} of {len(lines)} lines"))
    return Markup("").join(parts)
