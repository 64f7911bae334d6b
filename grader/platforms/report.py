"""The text a student reads at the top of a platform's results: what happened, then the report.

    upload    what in the upload could not be used, and what to upload instead
    stopped   an honest note when grading did not finish: the rest is not graded, not failed
    report    the learner's terminal report (grader.report.terminal), the same as `grader check`
    hidden    where hidden checks wait for publication, the report leaves them out and says so
"""

from __future__ import annotations

from dataclasses import replace

from grader.platforms.grading import DEADLINE, UNFINISHED, Graded
from grader.report import terminal
from grader.sources.upload import what_to_upload
from grader.result import SubmissionResult

WHERE = "your submission"


def render(graded: Graded, deadline_s: float, leave_out_hidden: bool) -> str:
    result = graded.result
    parts = []
    if graded.problems:
        parts.append(_upload(graded))
    if graded.stopped:
        parts.append(_stopped(graded, deadline_s))
    hidden = [t for e in result.exercises for t in e.tests if t.hidden]
    shown = visible_only(result) if leave_out_hidden and hidden else result
    parts.append(terminal.render(shown, WHERE).rstrip())
    if leave_out_hidden and hidden:
        points = sum(t.max_score for t in hidden)
        parts.append(f"Hidden checks: {len(hidden)} more checks worth {points:g} points graded this submission too. "
                     "Their results, and your total, show once your instructor publishes the grades.")
    return "\n\n".join(parts) + "\n"


def _upload(graded: Graded) -> str:
    advice = what_to_upload([e.name for e in graded.result.exercises])
    # Each problem once, and the advice on what to upload once, after them.
    unusable = list(dict.fromkeys(p.replace(advice, "").strip() for p in graded.problems.values()))
    everything = len(graded.problems) == len(graded.result.exercises)
    head = ("Nothing in your upload could be graded:" if everything
            else "Part of your upload could not be graded:")
    return "\n".join([head, *(f"  - {problem}" for problem in unusable), advice])


def _stopped(graded: Graded, deadline_s: float) -> str:
    missing = ", ".join(graded.not_graded) or "none"
    if graded.stopped == DEADLINE:
        return (f"Grading stopped at the autograder's time limit ({deadline_s:g} s) before these exercises "
                f"finished: {missing}. They are not graded (no points are given for them here). Code that "
                "runs very long is the usual cause; submit again, or ask your course staff to re-run the autograder.")
    if graded.stopped == UNFINISHED:
        return ("The autograder did not finish grading this submission: it was stopped (the platform's time or "
                f"memory limit) or it failed. Not graded: {missing}. This is not a grade of that work; submit "
                "again, or ask your course staff to re-run the autograder.")
    return ""


def visible_only(result: SubmissionResult) -> SubmissionResult:
    """The result as a student may see it before publication: hidden checks and their points left out."""
    exercises = []
    for ex in result.exercises:
        tests = [t for t in ex.tests if not t.hidden]
        if len(tests) == len(ex.tests):
            exercises.append(ex)
            continue
        exercises.append(replace(ex, tests=tests, score=round(sum(t.score for t in tests), 2),
                                 max_score=round(sum(t.max_score for t in tests), 2)))
    return replace(result, exercises=exercises, score=round(sum(e.score for e in exercises), 2),
                   max_score=round(sum(e.max_score for e in exercises), 2))
