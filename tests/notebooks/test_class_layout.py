"""Notebook classes are found in nbgrader's layout and plain folders; grades export as nbgrader's CSV."""

import csv

import pytest

from grader.notebooks import classroom, export, submissions
from grader import results
from grader.results import ExerciseResult, GradeResult, StudentResult
from notebook_students import EXERCISE, answered, solution_chunks, write_notebook


def nbgrader_layout(root, learner_notebook):
    for student in ("ann", "ben"):
        folder = root / "submitted" / student / EXERCISE
        write_notebook(folder / f"{EXERCISE}.ipynb", answered(learner_notebook, solution_chunks()))
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    (root / "submitted" / "ben" / EXERCISE / ".ipynb_checkpoints").mkdir()
    return root


def test_a_course_folder_and_its_submitted_folder_both_work(tmp_path, learner_notebook):
    root = nbgrader_layout(tmp_path / "course", learner_notebook)
    for given in (root, root / "submitted"):
        found = submissions.find(given)
        assert sorted(found) == ["ann", "ben"]
        assert [(s.assignment, s.timestamp) for s in found["ann"]] == [(EXERCISE, "2026-11-20 10:00:00")]


def test_a_plain_student_folder_of_notebooks_is_one_submission_per_exercise(tmp_path, learner_notebook):
    write_notebook(tmp_path / "cls" / "ann" / f"{EXERCISE}.ipynb", learner_notebook)
    (tmp_path / "cls" / "ben").mkdir(parents=True)
    (tmp_path / "cls" / "ben" / f"{EXERCISE}.py").write_text("# a .py workspace\n")
    found = submissions.find(tmp_path / "cls")
    assert [s.assignment for s in found["ann"]] == [EXERCISE] and found["ben"] == []
    notebook_class = classroom.open_class(tmp_path / "cls")
    graded = {p.name: sorted(f.name for f in p.iterdir()) for p in notebook_class.folder.iterdir()}
    assert graded == {"ann": [f"{EXERCISE}.py"], "ben": [f"{EXERCISE}.py"]}  # extracted; copied as it was
    notebook_class.close()
    assert not notebook_class.folder.exists()


def test_a_class_of_python_files_is_not_a_notebook_class(tmp_path):
    (tmp_path / "cls" / "ann").mkdir(parents=True)
    (tmp_path / "cls" / "ann" / f"{EXERCISE}.py").write_text("")
    assert submissions.find(tmp_path / "cls") is None
    assert classroom.open_class(tmp_path / "cls") is None


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20 10:00:00.000000 UTC", "2026-11-20 10:00:00"),
    ("2026-11-20T11:30:00+01:00", "2026-11-20 10:30:00"),
    ("2026-11-20 10:00:00.250000", "2026-11-20 10:00:00.250000"),
    ("2026-11-20T10:00:00Z\n", "2026-11-20 10:00:00"),
])
def test_timestamps_read_as_nbgrader_writes_them(text, expected):
    assert submissions.normalise_timestamp(text) == expected


def scored(student: str, points: dict[str, float]) -> StudentResult:
    exercises = [ExerciseResult(name, "", [results.TestResult("check", "passed", "", score, score)], 10.0)
                 for name, score in points.items()]
    return StudentResult(student, exercises)


def test_export_has_nbgrader_columns_and_rows_for_missing_submissions(tmp_path, learner_notebook):
    root = nbgrader_layout(tmp_path / "course", learner_notebook)
    write_notebook(root / "submitted" / "cy" / "week1" / "ex01_conv_relu_layer.ipynb", learner_notebook)
    result = GradeResult("cpu", 0, [scored("ann", {EXERCISE: 6.0}), scored("ben", {EXERCISE: 9.17}),
                                    scored("cy", {"ex01_conv_relu_layer": 4.0})])
    path = classroom.open_class(root).write_export(result, tmp_path / "out")
    with path.open() as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == export.COLUMNS
    table = {(r["assignment"], r["student_id"]): (r["timestamp"], r["raw_score"], r["score"], r["max_score"])
             for r in rows}
    assert table == {
        (EXERCISE, "ann"): ("2026-11-20 10:00:00", "6.0", "6.0", "10.0"),
        (EXERCISE, "ben"): ("2026-11-20 10:00:00", "9.17", "9.17", "10.0"),
        (EXERCISE, "cy"): ("", "0.0", "0.0", "10.0"),  # nbgrader's row for no submission
        ("week1", "ann"): ("", "0.0", "0.0", "10.0"),
        ("week1", "ben"): ("", "0.0", "0.0", "10.0"),
        ("week1", "cy"): ("", "4.0", "4.0", "10.0"),
    }
