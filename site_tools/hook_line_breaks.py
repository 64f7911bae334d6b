"""MkDocs hook: on a narrow screen, a line never breaks inside a name or between a formula and its punctuation.

A browser may end a line after a hyphen or a slash, so on a phone `python -m grader check --json` can leave
its `--` at the end of one line, and `OUT/gradebook.csv` can split at the slash. Each space-free piece of
inline code that holds such a character is wrapped in a span that keeps it on one line. Likewise an inline
formula and the comma or full stop after it: KaTeX typesets the formula as a box, and a line may otherwise
start with the comma. The spans have the class `keep-together` (see extra.css); the text a reader copies is
unchanged. Code blocks are left alone: they scroll in their own box instead of wrapping.
"""

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# A code block (kept as it is), a plain inline code element (its text in group "code"), or an inline formula
# followed by punctuation (groups "formula" and "punctuation").
PIECES = re.compile(
    r"<pre\b.*?</pre>"
    r"|<code>(?P<code>[^<]*)</code>"
    r'|(?P<formula><span class="arithmatex">[^<]*</span>)(?P<punctuation>[,.;:!?)]+)',
    re.S,
)
BREAKABLE_PIECE = re.compile(r"\S*[^\w\s.,()\[\]'\"]\S*")  # a space-free piece with a character lines break at


def together(html: str) -> str:
    return f'<span class="keep-together">{html}</span>'


def keep_together(match: re.Match) -> str:
    """One piece of the page, with what must stay on one line wrapped."""
    if match["code"] is not None:
        return "<code>" + BREAKABLE_PIECE.sub(lambda piece: together(piece[0]), match["code"]) + "</code>"
    if match["formula"] is not None:
        return together(match["formula"] + match["punctuation"])
    return match[0]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Wrap what must stay on one line in every inline code element and after every inline formula."""
    return PIECES.sub(keep_together, html)
