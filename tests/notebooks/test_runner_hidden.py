"""The check cell's grading process: the report of `grader check`, hidden checks counted but masked."""

import json
import re
import subprocess
import sys

import pytest

from notebook_students import EXERCISE, LEAKS, SNEAKY_RELU, WRONG_RELU, solution_chunks, write_hidden_checks

pytestmark = pytest.mark.filterwarnings("ignore")


def run_runner(workspace, hidden=None, expect_status=0) -> dict:
    command = [sys.executable, "-m", "grader.notebooks.runner", "--workspace", str(workspace), "--exercise", EXERCISE]
    if hidden:
        command += ["--hidden", str(hidden)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=workspace.parent)
    assert done.returncode == expect_status, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def wrong_workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wrong") / "ws"
    folder.mkdir()
    code = "\n\n\n".join({**solution_chunks(), "relu": WRONG_RELU}.values())
    (folder / f"{EXERCISE}.py").write_text(code)
    return folder


def checks_passed(report: str) -> tuple[int, int]:
    """(passed, total) from the report's line for the exercise: "FAIL  ex06_...  3/5  checks"."""
    match = re.search(rf"{EXERCISE}\s+(\d+)/(\d+)\s+checks", report)
    return int(match[1]), int(match[2])


def test_report_is_the_one_of_grader_check(wrong_workspace):
    answer = run_runner(wrong_workspace)
    passed, total = checks_passed(answer["report"])
    assert 0 < passed < total and "FAIL  ex06_relu_from_scratch" in answer["report"]
    assert answer["max_score"] == 10.0 and answer["score"] == round(10.0 * passed / total, 2)


@pytest.fixture(scope="module")
def sneaky_workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sneaky") / "ws"
    folder.mkdir()
    (folder / f"{EXERCISE}.py").write_text("\n\n\n".join({**solution_chunks(), "relu": SNEAKY_RELU}.values()))
    return folder


def test_hidden_checks_count_but_never_show_their_name_message_or_input(sneaky_workspace, tmp_path):
    visible = run_runner(sneaky_workspace)
    passed, total = checks_passed(visible["report"])
    assert passed == total and visible["score"] == 10.0
    answer = run_runner(sneaky_workspace, write_hidden_checks(tmp_path / "hidden"))
    assert checks_passed(answer["report"]) == (passed, total + 1)
    assert answer["score"] == round(10.0 * passed / (total + 1), 2)  # points split over visible and hidden
    report = answer["report"]
    assert "x hidden check 1" in report and "A hidden check failed" in report
    assert not [leak for leak in (*LEAKS, "hidden_") if leak in report], report


def test_a_broken_hidden_module_says_so_without_its_source(sneaky_workspace, tmp_path):
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / f"check_{EXERCISE}.py").write_text(f'EXERCISE = "{EXERCISE}"\nraise RuntimeError("SECRET_TENSOR")\n')
    answer = run_runner(sneaky_workspace, hidden, expect_status=2)
    assert "could not run" in answer["error"] and "SECRET" not in json.dumps(answer)
