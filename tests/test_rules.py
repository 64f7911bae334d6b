"""Every rule an exercise states is checked (issue 9): each "Forbidden:" or "Do not" sentence of its
docstrings is a rule of the catalog, and each rule has a submission that breaks it and fails.

The failing examples are made here from the reference solutions (a forbidden call added, a loop
added, torch imported), graded together as one class; a rule enforced by a check of its own is
proven by a wrong submission of tests/submissions.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from grader.catalog import load
from grader.paths import SOLUTIONS
from tests.conftest import class_view

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
STATED = re.compile(r"(Forbidden:[^\n]*|Do not [^.\n]*\.)")


def docstrings(source: str) -> str:
    tree = ast.parse(source)
    nodes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
    return "\n".join(ast.get_docstring(n) or "" for n in nodes)


def stated_rules(exercise: str) -> list[str]:
    """The sentences of an exercise's docstrings that state a rule ("Forbidden: nothing." is none)."""
    found = STATED.findall(docstrings((SOLUTIONS / f"{exercise}.py").read_text()))
    return [s.strip() for s in found if s.strip() != "Forbidden: nothing."]


@pytest.mark.parametrize("exercise", [e.name for e in load().exercises])
def test_every_rule_a_docstring_states_is_in_the_catalog_and_the_reverse(exercise):
    said = stated_rules(exercise)
    listed = [rule.says for rule in load().get(exercise).rules]
    assert sorted(said) == sorted(listed), f"{exercise}: the docstrings say {said}, the catalog lists {listed}"


def test_the_rule_finder_can_fail():
    assert stated_rules("ex08_conv2d_unfold"), "ex08 states its rules: the finder must see them"
    assert STATED.findall("Forbidden: loops.\nDo not modify x.") == ["Forbidden: loops.", "Do not modify x."]


def breaking(exercise: str, check: str) -> str:
    """The reference solution, changed to break one rule."""
    source = (SOLUTIONS / f"{exercise}.py").read_text()
    lines = [line for line in source.splitlines() if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    code = "\n".join(lines) + "\n"
    if check == "no_torch":
        return "import torch  # breaks the rule\n" + code
    if check == "no_loops":
        return code + "\n\nfor _ in range(1):  # breaks the rule\n    pass\n"
    if check == "forbidden":
        name = load().get(exercise).forbidden[0]
        module, attr = name.rsplit(".", 1)
        return code + f"\n\nimport {module}\n_unused = {module}.{attr}  # breaks the rule\n"
    raise ValueError(check)


def cases() -> list[tuple[str, str, str]]:
    """(exercise, check, says) for every rule the catalog states."""
    return [(e.name, rule.check, rule.says) for e in load().exercises for rule in e.rules]


@pytest.fixture(scope="module")
def broken_class(tmp_path_factory, grader_cli):
    """One student per made rule-breaking example, plus exercise 7's loops handed in as exercise 8."""
    root = tmp_path_factory.mktemp("rules")
    made = {}
    for index, (exercise, check, says) in enumerate(cases()):
        if check.startswith("test:"):
            continue
        student = f"r{index:02d}_{exercise.split('_')[0]}_{check}"
        folder = root / "class" / student
        folder.mkdir(parents=True)
        (folder / f"{exercise}.py").write_text(breaking(exercise, check))
        made[student] = (exercise, says)
    loops = (SOLUTIONS / "ex07_conv2d_loops.py").read_text().replace("def conv2d_loops(", "def conv2d_unfold(")
    (root / "class" / "loops_as_ex08").mkdir()
    (root / "class" / "loops_as_ex08" / "ex08_conv2d_unfold.py").write_text(loops)
    done = grader_cli("class", str(root / "class"), "--out", str(root / "out"), "--no-similarity", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return made, class_view(root / "out")


@pytest.mark.parametrize("exercise, check, says", [c for c in cases() if not c[1].startswith("test:")])
def test_breaking_a_rule_fails_every_check_and_names_the_rule_and_the_line(broken_class, exercise, check, says):
    made, view = broken_class
    student = next(s for s, (e, rule) in made.items() if e == exercise and rule == says)
    graded = view["students"][student]["exercises"][exercise]
    assert graded["score"] == 0, graded
    for test in graded["tests"]:
        assert says in test["message"] and "line " in test["message"], test["message"]


def test_exercise_7s_loops_handed_in_as_exercise_8_score_0(broken_class):
    """The issue's own example: a loop over output positions passes every value check of ex08, and scores 0."""
    graded = broken_class[1]["students"]["loops_as_ex08"]["exercises"]["ex08_conv2d_unfold"]
    assert graded["score"] == 0
    assert all("Forbidden: Python loops" in t["message"] and "a for loop" in t["message"] for t in graded["tests"])


@pytest.mark.parametrize("exercise, check, says", [c for c in cases() if c[1].startswith("test:")])
def test_a_rule_enforced_by_its_own_check_has_a_submission_that_fails_it(exercise, check, says):
    with (SUBMISSIONS / "expected.toml").open("rb") as file:
        expected = tomllib.load(file)
    name = check.removeprefix("test:")
    failing = [case for case, entry in expected.items() if entry["exercise"] == exercise and name in entry["failed"]]
    assert failing, f"no wrong submission in tests/submissions fails {name} ({says})"
