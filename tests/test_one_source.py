"""Counts and names stated in the README, the catalog and the docstrings agree with the grader's own.

A learner who reads "eleven variations" in the README, "ten" in the exercise's summary and finds
twelve keys in its docstring stops trusting all three. The grader's scenarios are the source.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from grader.catalog import load
from grader.checks import check_ex02_predict_shapes as ex02

REPO = Path(__file__).resolve().parents[1]
WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                    "fourteen fifteen sixteen".split())}


def _counts(text: str, noun: str) -> list[int]:
    """Every number (a digit or a word) written just before noun, e.g. "twelve scenarios" -> 12."""
    found = re.findall(rf"\b(\d+|{'|'.join(WORDS)})\s+{noun}\b", text, flags=re.IGNORECASE)
    return [int(n) if n.isdigit() else WORDS[n.lower()] for n in found]


def _docstring_keys() -> list[str]:
    tree = ast.parse((REPO / "solutions" / "ex02_predict_shapes.py").read_text())
    function = next(node for node in tree.body if isinstance(node, ast.FunctionDef))
    return re.findall(r'^\s*- "(\w+)":', ast.get_docstring(function), flags=re.MULTILINE)


def test_ex02_docstring_lists_exactly_the_graded_scenarios():
    assert _docstring_keys() == list(ex02.SCENARIOS)


def test_ex02_counts_in_readme_and_catalog_are_the_graders():
    scenarios = len(ex02.SCENARIOS)
    variations = len([name for name in ex02.SCENARIOS if not name.startswith("seed_")])
    readme_row = next(line for line in (REPO / "README.md").read_text().splitlines() if "`ex02_predict_shapes`" in line)
    for where, text in (("README.md", readme_row), ("grader/catalog.toml", load().get("ex02_predict_shapes").summary)):
        assert _counts(text, "scenarios") == [scenarios], f"{where} says {text!r}; the grader has {scenarios} scenarios"
        assert _counts(text, "variations") == [variations], f"{where}: {text!r}; {variations} variations are graded"
