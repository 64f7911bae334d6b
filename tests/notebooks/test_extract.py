"""A submitted notebook becomes the exercise file the grader expects, whatever state it is in."""

import json

from grader.notebooks.extract import graded_code, write_workspace
from notebook_students import EXERCISE, answered, solution_chunks, tampered, write_notebook


def test_a_correct_notebook_gives_the_solution_code(tmp_path, learner_notebook):
    path = write_notebook(tmp_path / f"{EXERCISE}.ipynb", answered(learner_notebook, solution_chunks()))
    exercise, code = graded_code(path)
    assert exercise == EXERCISE
    assert code == "\n\n\n".join(solution_chunks().values()) + "\n"


def test_tampered_metadata_and_a_deleted_test_cell_change_nothing(tmp_path, learner_notebook):
    nb = tampered(learner_notebook)
    for cell in nb["cells"]:  # and a grade id no nbgrader database knows
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "ex06_relu":
            cell["metadata"]["nbgrader"]["grade_id"] = "renamed"
    path = write_notebook(tmp_path / f"{EXERCISE}.ipynb", nb)
    assert graded_code(path)[1] == "\n\n\n".join(solution_chunks().values()) + "\n"


def test_a_renamed_notebook_is_known_by_its_metadata(tmp_path, learner_notebook):
    path = write_notebook(tmp_path / "my copy (1).ipynb", learner_notebook)
    assert graded_code(path)[0] == EXERCISE


def test_a_file_that_is_not_a_notebook_becomes_a_file_that_says_so(tmp_path):
    path = tmp_path / f"{EXERCISE}.ipynb"
    path.write_text('{"cells": [')  # cut short
    exercise, code = graded_code(path)
    assert exercise == EXERCISE and code.startswith("raise ImportError(") and "not valid JSON" in code


def test_a_linked_notebook_is_not_followed(tmp_path, learner_notebook):
    secret = write_notebook(tmp_path / "elsewhere.ipynb", answered(learner_notebook, solution_chunks()))
    link = tmp_path / f"{EXERCISE}.ipynb"
    link.symlink_to(secret)
    exercise, code = graded_code(link)
    assert "symbolic links are not read" in code and "def relu(" not in code


def test_workspace_gets_one_file_per_exercise(tmp_path, learner_notebook):
    path = write_notebook(tmp_path / "in" / f"{EXERCISE}.ipynb", learner_notebook)
    (tmp_path / "in" / "notes.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}))
    sources = write_workspace([path, tmp_path / "in" / "notes.ipynb"], tmp_path / "ws")
    assert sources == {EXERCISE: path}
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == [f"{EXERCISE}.py"]
