"""The same submission gets the same verdict (issue 9): inputs come from a hash of each file.

Without --seed, re-grading an unchanged file draws the same inputs, so the score and every
message are the same; any edit to the file draws new inputs, so answers copied from an
earlier run still fail. --seed N still overrides, for one input set for everything.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SUBMISSIONS = Path(__file__).resolve().parent / "submissions"
# Partly wrong where the inputs decide: ceil passes the configurations the stride divides evenly.
PARTLY_WRONG = SUBMISSIONS / "ex03_ceil_instead_of_floor" / "ex03_output_size.py"


def graded(grader_cli, workspace: Path, *options: str) -> dict:
    done = grader_cli("check", "--workspace", str(workspace), "--json", "ex03", "ex06", *options)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return json.loads(done.stdout)


def workspace(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir(exist_ok=True)
    (folder / "ex03_output_size.py").write_text(text)
    shutil.copy(SUBMISSIONS / "ex06_gradient_1_at_zero" / "ex06_relu_from_scratch.py", folder)
    return folder


def test_a_partly_wrong_submission_graded_three_times_gets_the_identical_report(grader_cli, tmp_path):
    folder = workspace(tmp_path, PARTLY_WRONG.read_text())
    reports = [graded(grader_cli, folder) for _ in range(3)]
    assert 0 < reports[0]["score"] < reports[0]["max_score"], "the case must be partly wrong"
    assert reports[0]["seed"] is None  # the inputs came from the files' content
    assert reports[0] == reports[1] == reports[2]


def test_any_edit_draws_new_inputs(grader_cli, tmp_path):
    """A comment changes nothing in the code, but the failing configuration shown is another one."""
    text = PARTLY_WRONG.read_text()
    before = graded(grader_cli, workspace(tmp_path, text))
    after = graded(grader_cli, workspace(tmp_path, text + "\n# one more line\n"))
    messages = lambda report: [t["message"] for e in report["exercises"] if e["name"] == "ex03_output_size"
                               for t in e["tests"] if t["status"] != "passed"]
    assert messages(before) != messages(after)
    unchanged = [e for e in before["exercises"] if e["name"] == "ex06_relu_from_scratch"]
    assert unchanged == [e for e in after["exercises"] if e["name"] == "ex06_relu_from_scratch"], \
        "editing one exercise's file must not change another exercise's inputs"


def test_a_seed_given_is_used_for_everything(grader_cli, tmp_path):
    folder = workspace(tmp_path, PARTLY_WRONG.read_text())
    first, again = graded(grader_cli, folder, "--seed", "7"), graded(grader_cli, folder, "--seed", "7")
    assert first["seed"] == 7 and first == again
