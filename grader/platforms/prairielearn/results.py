"""/grade/results/results.json in PrairieLearn's external grading format, from one graded upload.

score is the fraction in [0, 1]; one test per check with its points and message (hidden
checks under their neutral names, their messages neutral too: PrairieLearn shows results
at once, it has no publication to wait for). A failure of the grader's own, or grading that
finished nothing, is `gradable: false` with a message: no points, no attempt used.
"""

from __future__ import annotations

from grader.platforms import report
from grader.platforms.grading import Graded

INFRA = ("The grader failed on its side, not because of your code ({why}). This submission was not graded "
         "and no attempt was used: submit again, and tell your course staff if it happens again.")
NOTHING_FINISHED = ("Grading did not finish in the time the question allows ({deadline:g} s), so this submission "
                    "was not graded and no attempt was used. Code that runs very long is the usual cause.")


def results(graded: Graded, deadline_s: float) -> dict:
    result = graded.result
    if result.status == "infra_error":
        return {"gradable": False, "message": INFRA.format(why=result.infra or "unknown")}
    if graded.not_graded and len(graded.not_graded) == len(result.exercises):
        return {"gradable": False, "message": NOTHING_FINISHED.format(deadline=deadline_s)}
    tests = []
    for ex in result.exercises:
        for test in ex.tests:
            tests.append({"name": f"{ex.name}: {test.name}", "points": round(test.score, 4),
                          "max_points": round(test.max_score, 4), "output": test.message,
                          "message": "" if test.status == "passed" else (test.mistake or "")})
        if not ex.tests:  # not graded: the grading stopped before it
            tests.append({"name": f"{ex.name}: not graded", "points": 0, "max_points": ex.max_score,
                          "output": "Grading did not reach the end of this exercise: it is not graded, not failed."})
    fraction = result.score / result.max_score if result.max_score else 0.0
    passed = sum(t.status == "passed" for e in result.exercises for t in e.tests)
    return {
        "gradable": True,
        "score": round(min(1.0, max(0.0, fraction)), 6),
        "points": result.score,
        "max_points": result.max_score,
        "message": f"{result.score:g} / {result.max_score:g} points: {passed} of {len(tests)} checks pass.",
        "output": report.render(graded, deadline_s, leave_out_hidden=False),
        "tests": tests,
    }
