"""A real nbgrader run on a small class, and the kit's class grader on the same submissions.

One exercise (ex06), five students: correct, wrong, broken (a SyntaxError), tampered (the
test cell deleted, an answer cell's metadata edited), and wrong only where an instructor's
hidden check looks.
nbgrader generates the assignment, autogrades, writes feedback and exports; then
`python -m grader class` grades the same submitted/ folder. Every Jupyter and IPython
path points into the test's temporary folder: the home folder must stay as it was.
"""

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from grader.classroom.exports import nbgrader as nbgrader_export
from grader.notebooks import generate
from grader.notebooks.jupyter_env import home_state, isolated_env
from notebook_students import EXERCISE, INPUT_AND_MESSAGE, LEAKS, small_class, write_hidden_checks, write_notebook

import nbgrader  # noqa: E402,F401 - installed by make test's set-up: a missing nbgrader fails, never skips
pytestmark = pytest.mark.filterwarnings("ignore")

HONEST = ("alice_correct", "bob_wrong", "carol_broken", "eve_wrong_on_hidden_inputs")
TIMESTAMP = "2026-11-20 10:00:00.000000 UTC"


def run(command: list[str], cwd: Path, env: dict) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def nbgrader(*args: str, cwd: Path, env: dict) -> str:
    return run([sys.executable, "-m", "nbgrader", *args], cwd, env)


def read_csv(path: Path) -> dict[str, dict]:
    with path.open() as file:
        return {row["student_id"]: row for row in csv.DictReader(file) if row["assignment"] == EXERCISE}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The course after nbgrader and the kit have both graded it."""
    home_before, temporary_before = home_state(), jupyter_temporary_folders()
    tmp = tmp_path_factory.mktemp("nbgrader")
    course = tmp / "course"
    generate.write(generate.expected_course(course))
    write_hidden_checks(course / "hidden")  # where the course's nbgrader_config.py points
    env = isolated_env(tmp / "jupyter-state")
    nbgrader("generate_assignment", EXERCISE, cwd=course, env=env)
    release = json.loads((course / "release" / EXERCISE / f"{EXERCISE}.ipynb").read_text())
    for student, notebook in small_class(release).items():
        folder = course / "submitted" / student / EXERCISE
        write_notebook(folder / f"{EXERCISE}.ipynb", notebook)
        (folder / "timestamp.txt").write_text(TIMESTAMP)
    nbgrader("autograde", EXERCISE, cwd=course, env=env)
    nbgrader("generate_feedback", EXERCISE, cwd=course, env=env)
    nbgrader("export", cwd=course, env=env)
    out = tmp / "kit"
    run([sys.executable, "-m", "grader", "class", str(course / "submitted"), "--out", str(out),
         "--hidden", str(course / "hidden"), "--jobs", "2"], tmp, env)
    return {"course": course, "out": out, "release": release, "home_before": home_before,
            "temporary_before": temporary_before}


def test_students_copy_has_no_solution_and_no_hidden_tests(graded):
    text = json.dumps(graded["release"])
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "check_with_hidden" not in text
    assert "torch.where(x > 0" not in text  # the reference answer itself


def test_nbgrader_grades_the_class_with_partial_credit(graded):
    scores = {s: float(row["score"]) for s, row in read_csv(graded["course"] / "grades.csv").items()}
    assert scores["alice_correct"] == 10.0 and scores["dave_tampered"] == 10.0  # the deleted cell came back
    assert 0.0 < scores["bob_wrong"] < 10.0 and 0.0 < scores["carol_broken"] < 10.0  # some checks pass
    assert 0.0 < scores["eve_wrong_on_hidden_inputs"] < 10.0  # every visible check passes, the hidden one fails


def test_kit_and_nbgrader_agree_on_every_honest_student(graded):
    nbgrader_rows = read_csv(graded["course"] / "grades.csv")
    kit_rows = read_csv(graded["out"] / nbgrader_export.FILE)
    columns = ("timestamp", "raw_score", "score", "max_score")
    for student in HONEST:
        assert {c: kit_rows[student][c] for c in columns} == {c: nbgrader_rows[student][c] for c in columns}, student


def test_kit_grades_the_tampered_notebook_by_its_code(graded):
    assert float(read_csv(graded["out"] / nbgrader_export.FILE)["dave_tampered"]["score"]) == 10.0


def test_feedback_shows_the_report_but_never_the_hidden_check(graded):
    student = "eve_wrong_on_hidden_inputs"
    feedback = graded["course"] / "feedback" / student / EXERCISE / f"{EXERCISE}.html"
    autograded = graded["course"] / "autograded" / student / EXERCISE / f"{EXERCISE}.ipynb"
    outputs = json.dumps([c.get("outputs", []) for c in json.loads(autograded.read_text())["cells"]])
    for text in (outputs, feedback.read_text()):
        assert "hidden check 1" in text and "A hidden check failed" in text  # the masked report is there
        assert not [leak for leak in (*LEAKS, "hidden_") if leak in text]
    kit_feedback = (graded["out"] / "students" / student / "feedback.md").read_text()
    assert not [leak for leak in INPUT_AND_MESSAGE if leak in kit_feedback]


def jupyter_temporary_folders() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob("jupyter-*")}


def test_jupyter_and_ipython_left_nothing_in_the_home_or_temporary_folder(graded):
    assert home_state() == graded["home_before"]
    assert jupyter_temporary_folders() <= graded["temporary_before"]
