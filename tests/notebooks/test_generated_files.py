"""The committed notebooks and course are what the generator writes today, and nbgrader accepts them."""

import json

import pytest

from grader import derived_files
from grader.catalog import load
from grader.notebooks import generate
from grader.notebooks.build import HIDDEN_BEGIN, INSTRUCTOR, LEARNER
from grader.notebooks.chunks import split
from grader.paths import SOLUTIONS
from notebook_students import notebook_of

NAMES = [e.name for e in load().exercises]


def test_learner_notebooks_are_up_to_date():
    """By the record of what the kit last wrote: notebooks/ may hold a learner's work."""
    stale = derived_files.out_of_date(generate.expected_notebooks())
    assert not stale, f"out of date (run: python -m grader notebooks): {[str(p) for p in stale]}"


def test_course_is_up_to_date():
    stale = derived_files.out_of_date(generate.expected_course())
    assert not stale, f"out of date (run: python -m grader course): {[str(p) for p in stale]}"


def test_an_edited_notebook_is_reported_stale(tmp_path):
    expected = generate.expected_notebooks(tmp_path)
    generate.write(expected)
    target = tmp_path / f"{NAMES[0]}.ipynb"
    target.write_text(target.read_text().replace("Exercise 1", "Exercise one"))
    assert generate.stale(expected) == [target]
    assert generate.write(expected) == [target] and generate.stale(expected) == []


@pytest.mark.parametrize("flavour", [LEARNER, INSTRUCTOR])
@pytest.mark.parametrize("exercise", NAMES)
def test_notebook_is_valid_for_nbformat_and_nbgrader(exercise, flavour):
    import nbformat  # installed by make test's set-up: a missing package fails, never skips
    from nbgrader.nbgraderformat import MetadataValidator

    nb = nbformat.reads(json.dumps(notebook_of(exercise, flavour)), as_version=4)
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)  # schema version 3, unique grade ids, points on grade cells
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata.nbgrader.points for c in graded] == [load().get(exercise).points]
    assert all(c.metadata.nbgrader.locked for c in graded), "a test cell must be locked"


@pytest.mark.parametrize("exercise", NAMES)
def test_instructor_answer_cells_give_back_the_solution(exercise):
    nb = notebook_of(exercise, INSTRUCTOR)
    answers = ["".join(c["source"]) for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    solution = split((SOLUTIONS / f"{exercise}.py").read_text())
    assert "\n\n\n".join(answers) + "\n" == solution.joined()
    assert all("### BEGIN SOLUTION" in a for a in answers)
    assert HIDDEN_BEGIN in "".join(nb["cells"][-1]["source"])


@pytest.mark.parametrize("exercise", NAMES)
def test_learner_copy_hides_the_solution_and_points_at_the_check_cell(exercise):
    nb = notebook_of(exercise, LEARNER)
    text = json.dumps(nb)
    assert "BEGIN SOLUTION" not in text and HIDDEN_BEGIN not in text
    answers = ["".join(c["source"]) for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers and all("then run the check cell at the end of the notebook" in a for a in answers)


def test_course_command_writes_then_checks_a_course_folder(tmp_path, capsys):
    from grader.cli import main

    assert main(["course", "--out", str(tmp_path)]) == 0
    assert main(["course", "--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    assert main(["course", "--check", "--out", str(tmp_path)]) == 1
    assert f"out of date: {tmp_path / 'nbgrader_config.py'}" in capsys.readouterr().out
