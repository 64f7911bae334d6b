"""Notebook cells with nbgrader's metadata (schema version 3), written as nbformat 4.5 JSON.

The kinds of cell a generated notebook uses:
    text     Markdown: the explanation and the task. No nbgrader metadata: nbgrader 0.9's
             add_missing_cells fails to restore a deleted test cell that follows a locked
             Markdown cell, and a test cell must come back when a student deletes it
    answer   an autograded answer cell ("solution"): the learner's code, extracted for grading
    tests    an autograder tests cell with points: runs the kit's checks, may hold hidden tests
nbgrader needs a grade_id unique in the notebook on every cell it tracks; cell ids
(nbformat's own) are derived from it so that regenerating gives the same file.
"""

from __future__ import annotations

import json

SCHEMA_VERSION = 3
NBFORMAT, NBFORMAT_MINOR = 4, 5
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
KIT_METADATA_KEY = "cnn_block_kit"  # notebook metadata: which exercise a notebook holds


def _nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def text(name: str, source: str) -> dict:
    return {"cell_type": "markdown", "id": _cell_id(name), "metadata": {}, "source": _lines(source)}


def answer(grade_id: str, source: str) -> dict:
    return _code(grade_id, source, _nbgrader(grade_id, grade=False, solution=True, locked=False))


def tests(grade_id: str, source: str, points: float) -> dict:
    points = int(points) if points == int(points) else points  # 10, not 10.0, as nbgrader's own UI writes
    return _code(grade_id, source, _nbgrader(grade_id, grade=True, solution=False, locked=True, points=points))


def notebook(cells: list[dict], exercise: str) -> dict:
    return {
        "cells": cells,
        "metadata": {
            KIT_METADATA_KEY: {"exercise": exercise},
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
        },
        "nbformat": NBFORMAT,
        "nbformat_minor": NBFORMAT_MINOR,
    }


def dumps(nb: dict) -> str:
    """The file text, formatted as Jupyter itself writes notebooks (so saving changes little)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def source_text(cell: dict) -> str:
    """A cell's source as one string: nbformat allows a string or a list of lines."""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _code(grade_id: str, source: str, metadata: dict) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": _cell_id(grade_id), "metadata": metadata,
            "outputs": [], "source": _lines(source)}


def _cell_id(grade_id: str) -> str:
    return grade_id.replace("_", "-")[:64]


def _lines(source: str) -> list[str]:
    return source.strip("\n").splitlines(keepends=True)
