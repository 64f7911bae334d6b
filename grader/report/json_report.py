"""The JSON report of `python -m grader check --json` (contract in shared/DESIGN.md)."""

from __future__ import annotations

from grader.result import SubmissionResult


def student_json(result: SubmissionResult) -> dict:
    student = result
    return {
        "score": student.score,
        "max_score": student.max_score,
        "device": result.device,
        "seed": result.seed,
        "isolation": result.isolation,
        "exercises": [
            {
                "name": ex.name,
                "score": ex.score,
                "max_score": ex.max_score,
                "tests": [{"name": t.name, "status": t.status, "message": t.message} for t in ex.tests],
            }
            for ex in student.exercises
        ],
    }
