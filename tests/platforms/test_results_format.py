"""Every result a platform can be handed is valid in its format and honest about what happened.

Results made by hand: a full grade, one with hidden checks, the part published while grading,
one stopped at the deadline, an unusable upload, and the grader's own failure.
"""

from __future__ import annotations

from grader.platforms.grading import DEADLINE, UNFINISHED, Graded, failed, partial
from grader.platforms.gradescope.results import results as gradescope
from grader.platforms.prairielearn.results import results as prairielearn
from grader import result as kit_result
from grader.result import ExerciseResult, SubmissionResult
from grader.sources.upload import what_to_upload
from tests.platforms.schemas import GRADESCOPE, PRAIRIELEARN, check

NAMES = ["ex01_conv_relu_layer", "ex07_conv2d_loops"]


def exercise(name: str, points: float, passed: int, failed_: int, hidden_failed: int = 0) -> ExerciseResult:
    count = passed + failed_ + hidden_failed
    share = points / count
    tests = [kit_result.TestResult(f"check_{i}", "passed", "", share, share) for i in range(passed)]
    tests += [kit_result.TestResult(f"wrong_{i}", "failed", f"Called f(x): got 1, expected 2 ({i})", 0.0, share,
                         mistake="padding missing") for i in range(failed_)]
    tests += [kit_result.TestResult(f"hidden_check_{i:08d}", "failed", "A hidden check failed.", 0.0, share, hidden=True)
              for i in range(hidden_failed)]
    score = round(share * passed, 2)
    return ExerciseResult(name, name, "graded", score, points, tests, output="")


def submission(*exercises: ExerciseResult) -> SubmissionResult:
    return SubmissionResult("graded", sum(e.score for e in exercises), sum(e.max_score for e in exercises), "cpu",
                            None, "own uid per run, landlock abi 7", list(exercises), seconds=3.2)


def both(graded: Graded) -> tuple[dict, dict]:
    g, p = gradescope(graded, 540, 4.6), prairielearn(graded, 70)
    check(g, GRADESCOPE)
    check(p, PRAIRIELEARN)
    return g, p


def test_a_full_grade():
    g, p = both(Graded(submission(exercise(NAMES[0], 10, 6, 0), exercise(NAMES[1], 15, 4, 1))))
    assert g["score"] == 22 and len(g["tests"]) == 11 and g["execution_time"] == 5
    assert [t["score"] for t in g["tests"]].count(0) == 1 and g["stdout_visibility"] == "hidden"
    assert "Total: 22 / 25 points" in g["output"]
    assert p["gradable"] and p["score"] == round(22 / 25, 6) and p["points"] == 22
    wrong = next(t for t in p["tests"] if t["points"] == 0)
    assert wrong["output"].startswith("Called f(x)") and wrong["message"] == "padding missing"


def test_hidden_checks_wait_for_publication_on_gradescope_and_stay_neutral_on_prairielearn():
    graded = Graded(submission(exercise(NAMES[0], 10, 5, 0), exercise(NAMES[1], 15, 2, 0, hidden_failed=1)))
    g, p = both(graded)
    hidden = [t for t in g["tests"] if t["name"].startswith(f"{NAMES[1]}: hidden_check_")]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    assert all(t["visibility"] == "visible" for t in g["tests"] if t not in hidden)
    # The report at the top shows only what the student may see before publication.
    assert "hidden_check" not in g["output"] and "PASS  ex07_conv2d_loops" in g["output"]
    assert "Total: 20 / 20 points" in g["output"] and "1 more checks worth 5 points" in g["output"]
    assert "FAIL  ex07_conv2d_loops" in p["output"]  # PrairieLearn shows results at once, neutral names


def test_the_part_published_while_grading_says_the_rest_is_not_graded():
    first = exercise(NAMES[0], 10, 6, 0)
    for graded in (Graded(partial(NAMES, {}), stopped=UNFINISHED),
                   Graded(partial(NAMES, {NAMES[0]: first}), stopped=UNFINISHED)):
        g = gradescope(graded, 540, 1.0)
        check(g, GRADESCOPE)
        assert "did not finish grading" in g["output"] and "not a grade of that work" in g["output"]
        not_graded = [t for t in g["tests"] if t["name"].endswith(": not graded")]
        assert {t["name"].split(":")[0] for t in not_graded} == set(graded.not_graded)
        assert all(t["score"] == 0 and t["max_score"] > 0 for t in not_graded)
    assert "----  ex07_conv2d_loops" in g["output"] and g["score"] == 10


def test_a_deadline_keeps_the_finished_part_and_says_why():
    graded = Graded(partial(NAMES, {NAMES[0]: exercise(NAMES[0], 10, 6, 0)}), stopped=DEADLINE)
    g, p = both(graded)
    assert g["score"] == 10 and "stopped at the autograder's time limit (540 s)" in g["output"]
    assert p["gradable"] and p["score"] == round(10 / 25, 6) and "time limit (70 s)" in p["output"]
    nothing = Graded(partial(NAMES, {}), stopped=DEADLINE)
    p = prairielearn(nothing, 70)
    check(p, PRAIRIELEARN)
    assert p["gradable"] is False and "no attempt was used" in p["message"]


def test_an_unusable_upload_is_graded_zero_with_what_to_upload_said_once():
    problem = "There is no ex01_conv_relu_layer.py: the submission folder is empty. " + what_to_upload(NAMES)
    other = problem.replace("ex01_conv_relu_layer", "ex07_conv2d_loops")
    graded = Graded(submission(exercise(NAMES[0], 10, 0, 6), exercise(NAMES[1], 15, 0, 5)),
                    problems={NAMES[0]: problem, NAMES[1]: other})
    g, p = both(graded)
    assert g["score"] == 0 and g["output"].startswith("Nothing in your upload could be graded:")
    assert g["output"].count(what_to_upload(NAMES)) == 1
    assert p["gradable"] and p["score"] == 0


def test_the_graders_own_failure_is_never_a_score_on_prairielearn():
    graded = Graded(failed(NAMES, "RuntimeError: the sandbox could not start"))
    p = prairielearn(graded, 70)
    check(p, PRAIRIELEARN)
    assert p == {"gradable": False, "message": p["message"]} and "not because of your code" in p["message"]
    assert "the sandbox could not start" in p["message"]


def test_a_missing_file_is_one_test_on_gradescope_naming_the_file():
    message = f"There is no {NAMES[1]}.py in your upload."
    tests = [kit_result.TestResult(f"check_{i}", "failed", message, 0.0, 3.0) for i in range(5)]
    missing = ExerciseResult(NAMES[1], NAMES[1], "missing", 0.0, 15.0, tests)
    g, _ = both(Graded(submission(exercise(NAMES[0], 10, 6, 0), missing)))
    about = [t for t in g["tests"] if t["name"].startswith(NAMES[1])]
    assert len(about) == 1 and about[0]["max_score"] == 15 and about[0]["score"] == 0
    assert f"expected {NAMES[1]}.py" in about[0]["output"] and about[0]["output"].count(message) == 1
