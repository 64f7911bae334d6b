"""The stubs in exercises/ score 0, and every failing check points at the function to write."""

from __future__ import annotations

import ast
import json
import re

import pytest

from grader.catalog import load

NOT_WRITTEN = re.compile(r"([A-Za-z_][\w.]*): not written yet")


@pytest.fixture(scope="session")
def report(stubs_run) -> dict:
    assert stubs_run.stdout.strip(), f"no JSON on stdout; stderr:\n{stubs_run.stderr[-3000:]}"
    return json.loads(stubs_run.stdout)


def defined_names(exercise: str) -> set[str]:
    """Top-level functions and classes of a stub: what a learner writes."""
    from grader.derive import stub_source
    from grader.paths import SOLUTIONS

    tree = ast.parse(stub_source((SOLUTIONS / f"{exercise}.py").read_text(), exercise))
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def test_stubs_exit_1(stubs_run):
    assert stubs_run.returncode == 1, stubs_run.stderr[-3000:]


def test_stubs_score_0_on_every_exercise(report):
    assert [e["name"] for e in report["exercises"]] == [e.name for e in load().exercises]
    assert report["score"] == 0 and report["max_score"] == sum(e.points for e in load().exercises)
    for exercise in report["exercises"]:
        assert exercise["score"] == 0, exercise["name"]
        assert [t["status"] for t in exercise["tests"]] == ["failed"] * len(exercise["tests"]), exercise["name"]


def test_every_failing_check_names_not_implemented_error_and_the_function(report):
    for exercise in report["exercises"]:
        names = defined_names(exercise["name"])
        for test in exercise["tests"]:
            message = test["message"]
            assert "NotImplementedError" in message, f"{exercise['name']}::{test['name']}: {message}"
            found = NOT_WRITTEN.search(message)
            assert found and found.group(1).split(".")[0] in names, \
                f"{exercise['name']}::{test['name']} does not name a function of the stub ({sorted(names)}): {message}"


def test_each_question_names_its_own_function(report):
    """Where each check calls a different function (exercise 10), the message names that one."""
    exercise = next(e for e in report["exercises"] if e["name"] == "ex10_interview_questions")
    for test in exercise["tests"]:
        question = re.search(r"\[(\w+)\]", test["name"]).group(1)
        assert f"{question}: not written yet" in test["message"], test


def test_messages_describe_calls_without_dangling_words(report):
    dangling = [(e["name"], t["name"], t["message"].splitlines()[0]) for e in report["exercises"]
                for t in e["tests"] if "applied to ." in t["message"]]
    assert not dangling, dangling
