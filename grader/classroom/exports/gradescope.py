"""students/<id>/results.json in Gradescope's autograder results format.

One test per check with its points and message; hidden checks are visible only once the
grades are published (`after_published`), under their neutral names. A missing exercise is one
test that names the file expected; checks of an exercise that fail with one same message (its
file could not be imported, it ran out of time) are one test. `score` is the adjusted score;
the output says the grader's own score and each adjustment.
"""

from __future__ import annotations

import json

from grader.classroom.lateness import late_text
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


def exercise_entries(ex: dict) -> list[dict]:
    """An exercise's tests, one per check, or one for all of them when one cause explains them."""
    tests = ex["tests"]
    shown = [t for t in tests if not t.get("hidden")]
    if ex.get("status") == "missing":
        message = next((t["message"] for t in shown), "")
        return [{"name": f"{ex['name']}: missing", "score": 0.0, "max_score": round(ex["max_score"], 4),
                 "status": "failed", "visibility": "visible",
                 "output": terminal(f"Missing: expected {ex['name']}.py, and no such file was handed in. {message}".strip())}]
    if len(tests) > 1 and shown == tests and all(t["status"] != "passed" for t in tests) \
            and len({t["message"] for t in tests}) == 1:
        return [{"name": f"{ex['name']}: all {len(tests)} checks ({ex['status']})", "score": 0.0,
                 "max_score": round(sum(t["max_score"] for t in tests), 4), "status": "failed",
                 "output": terminal(tests[0]["message"]), "visibility": "visible"}]
    return [test_entry(ex["name"], test) for test in tests]


def results(record: dict) -> dict:
    tests = [entry for ex in record["exercises"] for entry in exercise_entries(ex)]
    output = f"Graded on {record['device']}: {record['score']:g} / {record['max_score']:g} points ({record['status']})."
    if record.get("adjustments"):
        changes = "; ".join(f"{a['exercise'] or 'total'} {a['adjustment']} ({a['points']:+g})"
                            + (f": {a['comment']}" if a["comment"] else "") for a in record["adjustments"])
        output += f" The grader's score was {record['grader_score']:g}; adjusted by your instructor: {changes}."
    if record.get("submitted"):
        late = late_text(record.get("late_seconds"))
        output += f" Submitted {record['submitted']} UTC" + (f", {late}." if late else ".")
    return {
        "score": record["score"],
        "execution_time": round(record.get("seconds", 0.0), 3),
        "output": terminal(output),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def render(record: dict) -> str:
    return json.dumps(results(record), indent=2) + "\n"
