"""OUT/<student>/results.json in Gradescope's autograder format, ready to upload."""

from __future__ import annotations

import json
from pathlib import Path

from grader.results import GradeResult, StudentResult


def results_json(result: GradeResult, student: StudentResult, seconds: float) -> dict:
    tests = []
    for ex in student.exercises:
        for test in ex.tests:
            hidden = test.name.startswith("hidden_")
            tests.append({
                "name": f"{ex.name}: {test.name}",
                "score": round(test.score, 4),
                "max_score": round(test.max_score, 4),
                "status": "passed" if test.status == "passed" else "failed",
                "output": test.message,
                # Hidden checks count at once but show only after the grades are published.
                "visibility": "after_published" if hidden else "visible",
            })
    return {
        "score": student.score,
        "execution_time": round(seconds, 3),
        "output": f"Graded on {result.device}: {student.score:g} / {student.max_score:g} points ({student.status}).",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def write(result: GradeResult, student: StudentResult, folder: Path, seconds: float) -> None:
    text = json.dumps(results_json(result, student, seconds), indent=2)
    (folder / "results.json").write_text(text + "\n", encoding="utf-8")
