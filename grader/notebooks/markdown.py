"""Plain docstring text as Markdown that renders as written.

Docstrings are wrapped at the code's line length and use `*`, `_` and `<` as arithmetic,
so lines are re-flowed into paragraphs, list-like lines ("- x", "A) ...") stay lines of
their own, and Markdown's special characters are escaped outside `code spans`.
"""

from __future__ import annotations

import re

LIST_ITEM = re.compile(r"^(- |\* |[A-Z]\) |\d+[.)] )")
SPECIAL = re.compile(r"([\\*_\[\]<>|#])")
CODE_SPAN = re.compile(r"(`[^`]*`)")


def from_docstring(text: str) -> str:
    """Markdown for a cleaned docstring (inspect.cleandoc's form)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(_paragraph(p) for p in paragraphs)


def escape(text: str) -> str:
    """Escape Markdown's special characters, leaving `code spans` as they are."""
    parts = CODE_SPAN.split(text)
    return "".join(part if part.startswith("`") and part.endswith("`") and len(part) > 1 else SPECIAL.sub(r"\\\1", part)
                   for part in parts)


def _paragraph(text: str) -> str:
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if LIST_ITEM.match(line):
            item = line[2:] if line.startswith(("- ", "* ")) else line
            lines.append("- " + escape(item))
        elif lines:
            lines[-1] += " " + escape(line)
        else:
            lines.append(escape(line))
    return "\n".join(lines)
