"""The exports' CSV cells: the names the exporters use for grader/escape.py's one CSV writer.

A text cell is quoted, and a formula start (=, +, -, @, a tab or carriage return) at its start or
after any separator a spreadsheet may split at (, ; tab |) gets an apostrophe: it stays text.
"""

from __future__ import annotations

from grader.escape import FORMULA_STARTS, Figure, csv_cell, csv_text, figure  # noqa: F401 - re-exported

cell = csv_cell
table = csv_text


def number(value: float | None) -> Figure:
    return figure(value)
