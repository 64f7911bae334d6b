"""Wrong submissions lose the intended points with the intended message.

Every folder of tests/submissions is one student of a single `--class-dir` grading session
(the class_report fixture of conftest.py); expected.toml says what each must show.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.catalog import load

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
HARD_CODED_SEED = 1  # the grading run ex06_hard_coded_outputs copied its answers from


@dataclass(frozen=True)
class Case:
    """One wrong submission and what grading it must show (fields explained in expected.toml)."""

    name: str
    exercise: str
    failed: tuple[str, ...]
    messages: tuple[str, ...]
    message_in: tuple[str, ...]
    verdict_xfail: str
    message_xfail: str

    @property
    def folder(self) -> Path:
        return SUBMISSIONS / self.name


def load_cases() -> list[Case]:
    with (SUBMISSIONS / "expected.toml").open("rb") as f:
        data = tomllib.load(f)
    return [
        Case(name, entry["exercise"], tuple(entry["failed"]), tuple(entry.get("messages", ())),
             tuple(entry.get("message_in", entry["failed"])), entry.get("verdict_xfail", ""),
             entry.get("message_xfail", ""))
        for name, entry in data.items()
    ]


CASES = load_cases()
CASES_BY = {case.name: case for case in CASES}

# The named mistakes the grader diagnoses, each of which a case of its own must prove.
NAMED_MISTAKES = [
    "kernel flipped", "padding missing", "bias missing", "channels-last layout", "ReLU applied before the conv",
    "off by one in the size formula", "ceil instead of floor", "missing batch dimension", "gradient 1 at x == 0",
    "bias forgotten", "ReLU missing", "dilation ignored", "FLOPs instead of MACs", "stride ignored",
    "kernel size wrong", "out_channels wrong", "off by one in the output size", "stride ignored in the window's start",
    "channel axis not moved back before the view", "true division", "float arithmetic in a count",
    "ReLU gradient at 0 taken as 1",
]
# What the grader's own operations raise (a backward, a reshape, a comparison): never the learner's to read.
GRADERS_OWN_ERRORS = ("grad_output", "Mismatch in shape", "Traceback", "RuntimeError: The size of tensor",
                      "shape '[", "assert_close", "Tensor-likes are not close")


def _params(xfail_field: str) -> list:
    params = []
    for case in CASES:
        reason = getattr(case, xfail_field)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def _exercise(class_report: dict, case) -> dict:
    return class_report["students"][case.name]["exercises"][case.exercise]


def _tests(class_report: dict, case) -> dict[str, dict]:
    return {t["name"]: t for t in _exercise(class_report, case)["tests"]}


@pytest.mark.parametrize("case", _params("verdict_xfail"))
def test_case_loses_the_intended_points(class_report, case):
    tests = _tests(class_report, case)
    unknown = set(case.failed) - set(tests)
    assert not unknown, f"{case.name}: expected.toml names checks the grader does not have: {unknown}"
    failing = sorted(name for name, t in tests.items() if t["status"] != "passed")
    assert failing == sorted(case.failed), f"{case.name}: failing checks {failing}, expected {sorted(case.failed)}"
    errors = [name for name, t in tests.items() if t["status"] == "error"]
    assert not errors, f"{case.name}: the grader itself broke on {errors}"
    # Points are split evenly over an exercise's checks; a check scores all or nothing.
    points = load().get(case.exercise).points
    expected = points * (len(tests) - len(case.failed)) / len(tests)
    score = _exercise(class_report, case)["score"]
    assert score == pytest.approx(expected, abs=0.01), f"{case.name}: scored {score}, expected {expected}"


@pytest.mark.parametrize("case", [p for p in _params("message_xfail") if p.values[0].failed])
def test_case_says_what_went_wrong(class_report, case):
    tests = _tests(class_report, case)
    assert case.messages, f"{case.name}: a case that fails checks must say which message it expects"
    for name in case.message_in:
        message = tests[name]["message"]
        for wanted in case.messages:
            assert wanted in message, f"{case.name}, check {name}: {wanted!r} is not in the message:\n{message}"


def test_every_named_mistake_is_proven_by_its_own_case():
    proven = {}
    for case in CASES:
        for wanted in case.messages:
            if wanted.startswith("Likely mistake: "):
                proven.setdefault(wanted.removeprefix("Likely mistake: ").rstrip("."), []).append(case.name)
    missing = [name for name in NAMED_MISTAKES if name not in proven]
    assert not missing, f"no wrong submission proves these diagnoses: {missing}"


NAMED = re.compile(r"(?:Likely mistake: |Or: )(.+?)\.(?: |$)", re.MULTILINE)


def test_no_wrong_submission_is_given_a_name_other_than_its_own(class_report):
    """A wrong name is worse than none: every mistake a case's messages name is one its expected.toml
    entry names ("Likely mistake: X."); a case that expects no name gets none."""
    wrong = []
    for case in CASES:
        own = {m.removeprefix("Likely mistake: ").rstrip(".") for m in case.messages if m.startswith("Likely mistake: ")}
        for name, test in _tests(class_report, case).items():
            wrong += [(case.name, name, found) for found in NAMED.findall(test["message"]) if found not in own]
    assert not wrong, "\n".join(f"{case}, check {check}: named {found!r}" for case, check, found in wrong)


def test_every_case_folder_holds_only_its_exercise_file():
    folders = sorted(p.name for p in SUBMISSIONS.iterdir() if p.is_dir() and not p.name.startswith("__"))
    assert folders == sorted(c.name for c in CASES), "tests/submissions and expected.toml disagree"
    exercises = {e.name for e in load().exercises}
    for case in CASES:
        assert case.exercise in exercises, f"{case.name}: unknown exercise {case.exercise}"
        files = sorted(p.name for p in case.folder.iterdir() if p.name != "__pycache__")
        assert len(files) == 1 and files[0].startswith(case.exercise.split("_")[0] + "_") and files[0].endswith(".py"), \
            f"{case.name} holds {files}: one file of {case.exercise} is expected"


def test_a_submission_that_never_returns_is_cut_off_and_marked_timeout(class_report):
    student = class_report["students"]["ex03_infinite_loop"]
    assert student["status"] == "timeout"
    tests = _exercise(class_report, CASES_BY["ex03_infinite_loop"])["tests"]
    assert all(f"within {class_report['timeout_s']:g} s" in t["message"] for t in tests)


def test_flooded_output_is_truncated_and_costs_nothing(class_report):
    student = class_report["students"]["ex05_floods_stdout"]
    exercise = student["exercises"]["ex05_count_macs"]
    assert exercise["score"] == exercise["max_score"] == 5
    output = student["output"]["ex05_count_macs"]
    limit = load().limits["output_bytes"]
    assert output.startswith("FLOODFLOOD"), output[:100]
    assert 0 < len(output.encode()) <= limit, f"kept {len(output.encode())} bytes of 30 MB; the limit is {limit}"


def test_hard_coded_outputs_would_pass_on_the_seed_they_were_copied_from(class_report):
    """The premise of ex06_hard_coded_outputs: its answers are right, for seed 1's inputs only."""
    import torch

    from grader.checks import check_ex06_relu_from_scratch as check
    from grader.checks.plan import Draw

    path = SUBMISSIONS / "ex06_hard_coded_outputs" / "ex06_relu_from_scratch.py"
    submission: dict = {}
    exec(compile(path.read_text(), str(path), "exec"), submission)  # no __pycache__ left in the case folder
    for seed, right in ((HARD_CODED_SEED, True), (class_report["seed"], False)):
        ops = {op.id: op for op in check.plan(Draw(seed, check.EXERCISE))}
        x = ops["forward"].args[0]
        assert torch.equal(submission["relu"](x), torch.relu(x)) is right, f"seed {seed}"


def test_forbidden_use_is_named_as_written(class_report):
    message = _tests(class_report, CASES_BY["ex07_forbidden_conv2d"])["plain_matches_f_conv2d"]["message"]
    line = next(part for part in message.splitlines() if "line 7" in part)
    assert "(torch.conv2d)" not in line, f"the source calls F.conv2d, i.e. torch.nn.functional.conv2d:\n{line}"



def test_no_message_shows_an_error_of_the_graders_own_operations(class_report):
    """An error raised by an operation the grader called becomes a message about the learner's result."""
    leaks = []
    for case in CASES:
        for name, test in _tests(class_report, case).items():
            leaks += [(case.name, name, text) for text in GRADERS_OWN_ERRORS if text in test["message"]]
    assert not leaks, leaks
