"""Text from a student, written for where it goes: one helper per medium.

Every export that carries a student's text (ids, file names, printed output, messages that
quote an answer) goes through one of these, so no medium is escaped two ways:

    terminal(text)        text shown to people: terminal control sequences removed
    markdown(text)        inline Markdown outside a fence: no markup, link, image or HTML survives
    markdown_block(text)  a fenced block of plain text that nothing inside can close
    html(text)            HTML text or attribute value (Jinja's autoescape does the same for report.html)
    csv_text(header, rows) the one CSV writer: text cells quoted, formula starts neutralised

Markdown is escaped for every renderer a student's feedback may meet (CommonMark, GitHub,
Python-Markdown, markdown-it): punctuation that all of them honour a backslash before is
backslash-escaped, the rest (<, >, &, quotes, |, ~, $) is written as an HTML entity.
"""

from __future__ import annotations

import html as _html
import re

# ESC-sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] ... BEL or ST), and two-byte ones;
# C1 controls (U+0080-U+009F, e.g. the one-byte CSI U+009B) start sequences on some terminals too.
_SEQUENCE = re.compile(r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI
  | \x9b[0-?]*[ -/]*[@-~]?              # one-byte CSI
  | [\x1b][\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC, DCS, SOS, PM, APC up to their end
  | [\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?
  | \x1b[ -/]*[0-~]?                    # any other escape
""", re.VERBOSE)
# What is left of the C0/C1 controls (tab and newline stay), DEL, and the bidirectional overrides
# that make a terminal or an editor show text in another order than it is.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_MD_BACKSLASH = set("\\`*_{}[]()#+-.!")  # escapes CommonMark and Python-Markdown both honour
_MD_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;", "|": "&#124;",
              "~": "&#126;", "$": "&#36;", "^": "&#94;", "=": "&#61;", ":": "&#58;", "@": "&#64;"}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATORS = ",;\t|"  # a spreadsheet may split a line at any of them, whatever this file uses
# A formula start after a separator (and any blanks or quotes a spreadsheet would skip there).
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t|][ \t\"]*)(?=[=+\-@])")


def terminal(text: object) -> str:
    """Text safe to show in a terminal, a log or an editor: control sequences and characters removed,
    line ends kept (a lone carriage return, which overwrites a line, becomes a newline)."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SEQUENCE.sub("", value))


def markdown(text: object) -> str:
    """Inline Markdown that shows the text as written: one line, no markup, link, image or HTML."""
    one_line = " ".join(terminal(text).split("\n")).replace("\t", " ")
    return "".join("\\" + c if c in _MD_BACKSLASH else _MD_ENTITY.get(c, c) for c in one_line)


def markdown_block(text: object, info: str = "text") -> list[str]:
    """A fenced block showing text verbatim: the fence is longer than any run of backticks inside."""
    body = terminal(text)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *body.splitlines(), fence]


def html(text: object) -> str:
    """HTML text or a quoted attribute's value."""
    return _html.escape(terminal(text), quote=True)


def csv_cell(value: object) -> str:
    """A text cell a spreadsheet shows as text, whatever list separator it splits lines at."""
    text = terminal(value)
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Figure(str):
    """A number already written as text (e.g. "9.5"): the CSV writer leaves it unquoted."""


def figure(value: float | int | None, digits: int = 2) -> Figure:
    """95, 9.5 or 9.17 as written, without trailing zeros; an empty cell for no number."""
    if value is None:
        return Figure("")
    if value == int(value):
        return Figure(str(int(value)))
    return Figure(f"{value:.{digits}f}".rstrip("0").rstrip("."))


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    """The one CSV writer: every text cell quoted and neutralised (csv_cell), Figures and empty cells bare.

    RFC 4180 quoting (a quote inside is doubled), so any CSV reader reads back the text as written."""
    lines = []
    for row in [header, *rows]:
        cells = []
        for value in row:
            if isinstance(value, Figure) or value is None or value == "":
                cells.append("" if value is None else str(value))
            else:
                cells.append('"' + csv_cell(value).replace('"', '""') + '"')
        lines.append(",".join(cells) + "\n")
    return "".join(lines)
