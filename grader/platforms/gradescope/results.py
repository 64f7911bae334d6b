"""/autograder/results/results.json in Gradescope's format, from one graded upload.

One test per check with its points and message (one for all of an exercise's checks when one cause
explains them, e.g. its file is missing); hidden checks under their neutral names,
visible once the grades are published (`after_published`), and left out of the top-level
report until then. An exercise that was not graded is one test with no points and a note.
The top-level output is the learner's report; stdout, the grader's log, is the instructor's.
"""

from __future__ import annotations

from dataclasses import asdict

from grader.classroom.exports.gradescope import exercise_entries
from grader.platforms import report
from grader.platforms.grading import NOT_GRADED, Graded


def results(graded: Graded, deadline_s: float, seconds: float) -> dict:
    result = graded.result
    tests = []
    for ex in result.exercises:
        if ex.status == NOT_GRADED:
            tests.append({"name": f"{ex.name}: not graded", "score": 0.0, "max_score": ex.max_score,
                          "status": "failed", "visibility": "visible",
                          "output": "Grading did not reach the end of this exercise: it is not graded, not failed."})
            continue
        tests += exercise_entries(asdict(ex))  # the class export's entries: a missing file said once
    return {
        "score": result.score,
        "execution_time": int(round(seconds)),
        "output": report.render(graded, deadline_s, leave_out_hidden=True),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"status": result.status, "sandbox": result.isolation, "stopped": graded.stopped,
                       "not_graded": graded.not_graded},
        "tests": tests,
    }
