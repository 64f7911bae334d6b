"""The reference solutions score full marks through the real grader, and its JSON keeps the contract."""

from __future__ import annotations

import json

import pytest

from grader.catalog import load

STATUSES = {"passed", "failed", "error"}


@pytest.fixture(scope="session")
def report(solutions_run) -> dict:
    assert solutions_run.stdout.strip(), f"no JSON on stdout; stderr:\n{solutions_run.stderr[-3000:]}"
    return json.loads(solutions_run.stdout)


def is_number(value: object) -> bool:
    return type(value) in (int, float)


def assert_follows_the_json_contract(report: dict) -> None:
    """The object of `python -m grader check --json`, as shared/DESIGN.md states it: keys, types, statuses."""
    # The contract's keys, plus two documented extras: the seed and which sandbox protections held.
    assert type(report) is dict and set(report) == {"score", "max_score", "device", "seed", "isolation", "exercises"}, sorted(report)
    assert type(report["isolation"]) is str
    assert is_number(report["score"]) and is_number(report["max_score"])
    assert type(report["device"]) is str and report["device"].split(":")[0] in ("cpu", "cuda", "mps"), report["device"]
    assert report["seed"] is None or type(report["seed"]) is int  # None: inputs drawn from each file's content
    assert type(report["exercises"]) is list and report["exercises"]
    for exercise in report["exercises"]:
        assert type(exercise) is dict and set(exercise) == {"name", "score", "max_score", "tests"}, sorted(exercise)
        assert type(exercise["name"]) is str
        assert is_number(exercise["score"]) and is_number(exercise["max_score"])
        assert 0 <= exercise["score"] <= exercise["max_score"]
        assert type(exercise["tests"]) is list and exercise["tests"], f"{exercise['name']} has no checks"
        for test in exercise["tests"]:
            assert type(test) is dict and set(test) == {"name", "status", "message"}, sorted(test)
            assert type(test["name"]) is str and test["name"]
            assert test["status"] in STATUSES, test
            assert type(test["message"]) is str
    assert report["score"] == pytest.approx(sum(e["score"] for e in report["exercises"]), abs=0.01)
    assert report["max_score"] == pytest.approx(sum(e["max_score"] for e in report["exercises"]), abs=0.01)


def test_solutions_exit_0(solutions_run):
    assert solutions_run.returncode == 0, solutions_run.stdout[-3000:] + solutions_run.stderr[-3000:]


def test_json_follows_the_contract(report):
    assert_follows_the_json_contract(report)


def test_json_contract_check_can_fail(report):
    """The contract check rejects a report with a key missing, a wrong type or an unknown status."""
    broken = [
        {k: v for k, v in report.items() if k != "seed"},
        {**report, "score": "110"},
        {**report, "seed": "7"},
        {**report, "exercises": [{**report["exercises"][0], "tests": [{"name": "x", "status": "skipped", "message": ""}]}]},
    ]
    for wrong in broken:
        with pytest.raises(AssertionError):
            assert_follows_the_json_contract(wrong)


def test_every_exercise_of_the_catalog_is_graded_in_order(report):
    names = [e["name"] for e in report["exercises"]]
    assert names == [e.name for e in load().exercises]
    assert len(names) >= 8


def test_every_solution_scores_full_marks(report):
    seed = report["seed"]  # None: the inputs come from the files' content, so a re-run reproduces a failure
    points = {e.name: e.points for e in load().exercises}
    for exercise in report["exercises"]:
        failing = [(t["name"], t["message"]) for t in exercise["tests"] if t["status"] != "passed"]
        assert not failing, f"seed {seed}: {exercise['name']} fails {failing}"
        assert exercise["max_score"] == points[exercise["name"]]
        assert exercise["score"] == exercise["max_score"], f"seed {seed}: {exercise['name']}"
    assert report["score"] == report["max_score"] == sum(points.values())
