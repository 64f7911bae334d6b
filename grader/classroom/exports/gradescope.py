"""students/<id>/results.json in Gradescope's autograder results format.

One test per check with its points and message; hidden checks are visible only once the
grades are published (`after_published`), under their neutral names.
"""

from __future__ import annotations

import json

from grader.escape import terminal


def test_entry(exercise: str, test: dict) -> dict:
    """One check as a Gradescope test (the autograder bundle writes the same ones)."""
    return {
        "name": terminal(f"{exercise}: {test['name']}"),
        "score": round(test["score"], 4),
        "max_score": round(test["max_score"], 4),
        "status": "passed" if test["status"] == "passed" else "failed",
        "output": terminal(test["message"]),
        "visibility": "after_published" if test.get("hidden") else "visible",
    }


def results(record: dict) -> dict:
    tests = [test_entry(ex["name"], test) for ex in record["exercises"] for test in ex["tests"]]
    return {
        "score": record["score"],
        "execution_time": round(record.get("seconds", 0.0), 3),
        "output": f"Graded on {record['device']}: {record['score']:g} / {record['max_score']:g} points ({record['status']}).",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def render(record: dict) -> str:
    return json.dumps(results(record), indent=2) + "\n"
