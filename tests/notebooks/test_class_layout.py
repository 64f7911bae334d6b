"""Notebook classes are read from nbgrader's layout and plain folders; grades export as nbgrader's CSV."""

import csv
import io

import pytest

from grader.catalog import load
from grader.classroom.exports import nbgrader as nbgrader_export
from grader.notebooks import submissions
from grader.sources import open_class
from notebook_students import EXERCISE, answered, solution_chunks, write_notebook

NAMES = [e.name for e in load().exercises]


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
        found = open_class(given, NAMES)
        assert sorted(s.student for s in found.submissions) == ["ann", "ben"]
        assert found.meta["ann"] == {"submitted": {EXERCISE: "2026-11-20 10:00:00"}}
        assert f"{EXERCISE}.py" in found.submissions[0].files


def test_a_plain_student_folder_of_notebooks_is_graded_by_its_code(tmp_path, learner_notebook):
    write_notebook(tmp_path / "cls" / "ann" / f"{EXERCISE}.ipynb", learner_notebook)
    (tmp_path / "cls" / "ben").mkdir(parents=True)
    (tmp_path / "cls" / "ben" / f"{EXERCISE}.py").write_text("# a .py workspace\n")
    found = {s.student: s for s in open_class(tmp_path / "cls", NAMES).submissions}
    assert f"{EXERCISE}.py" in found["ann"].files and "def relu" in found["ann"].files[f"{EXERCISE}.py"]
    assert found["ben"].files[f"{EXERCISE}.py"] == "# a .py workspace\n"


def test_the_courses_release_decides_the_exercises_not_the_uploads(tmp_path, learner_notebook):
    """A student who adds notebooks of other exercises changes nothing for the others (issue 11)."""
    root = nbgrader_layout(tmp_path / "course", learner_notebook)
    write_notebook(root / "release" / EXERCISE / f"{EXERCISE}.ipynb", learner_notebook)
    for other in NAMES[:3]:
        write_notebook(root / "submitted" / "ben" / EXERCISE / f"{other}.ipynb", learner_notebook)
    found = open_class(root, NAMES)
    assert found.exercises == [EXERCISE] and found.assignments == {EXERCISE: [EXERCISE]}


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20 10:00:00.000000 UTC", "2026-11-20 10:00:00"),
    ("2026-11-20T11:30:00+01:00", "2026-11-20 10:30:00"),
    ("2026-11-20 10:00:00.250000", "2026-11-20 10:00:00.250000"),
    ("2026-11-20T10:00:00Z\n", "2026-11-20 10:00:00"),
])
def test_timestamps_read_as_nbgrader_writes_them(text, expected):
    assert submissions.normalise_timestamp(text) == expected


def record(student: str, points: dict[str, float], submitted: dict[str, str], status: str = "graded") -> dict:
    return {"student": student, "status": status, "meta": {"submitted": submitted},
            "exercises": [{"name": name, "score": score} for name, score in points.items()]}


def test_export_has_nbgrader_columns_and_rows_for_missing_submissions():
    records = [record("ann", {EXERCISE: 6.0}, {EXERCISE: "2026-11-20 10:00:00"}),
               record("ben", {EXERCISE: 9.17}, {EXERCISE: "2026-11-20 10:00:00"}),
               record("cy", {"ex01_conv_relu_layer": 4.0}, {"week1": ""}),
               record("dan", {}, {EXERCISE: ""}, status="not graded")]
    text = nbgrader_export.render(records, {EXERCISE: [EXERCISE], "week1": ["ex01_conv_relu_layer"]})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == nbgrader_export.COLUMNS
    table = {(r["assignment"], r["student_id"]): (r["timestamp"], r["raw_score"], r["score"], r["max_score"])
             for r in rows}
    assert table == {
        (EXERCISE, "ann"): ("2026-11-20 10:00:00", "6.0", "6.0", "10.0"),
        (EXERCISE, "ben"): ("2026-11-20 10:00:00", "9.17", "9.17", "10.0"),
        (EXERCISE, "cy"): ("", "0.0", "0.0", "10.0"),  # nbgrader's row for no submission
        (EXERCISE, "dan"): ("", "", "", "10.0"),  # not graded: no score at all, never a 0
        ("week1", "ann"): ("", "0.0", "0.0", "10.0"),
        ("week1", "ben"): ("", "0.0", "0.0", "10.0"),
        ("week1", "cy"): ("", "4.0", "4.0", "10.0"),
        ("week1", "dan"): ("", "", "", "10.0"),
    }


def test_a_helper_cell_of_the_generated_notebook_is_graded_with_its_answer(tmp_path, learner_notebook, grader_cli):
    """Issue 9: a learner who writes a helper in a cell of its own gets full marks, not a NameError."""
    import json

    notebook = answered(learner_notebook, {**solution_chunks(),
                                           "relu": "def relu(x):\n    return positive_part(x)\n"})
    answer = next(i for i, c in enumerate(notebook["cells"])
                  if c["metadata"].get("nbgrader", {}).get("grade_id", "").endswith("_relu"))
    helper = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
              "source": ["import torch\n", "\n", "def positive_part(x):\n",
                         "    return torch.where(x > 0, x, torch.zeros_like(x))\n"]}
    notebook["cells"].insert(answer, helper)
    write_notebook(tmp_path / "cls" / "ann" / f"{EXERCISE}.ipynb", notebook)
    done = grader_cli("class", str(tmp_path / "cls"), "--out", str(tmp_path / "out"), "--exercises", EXERCISE,
                      "--no-similarity")
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tmp_path / "out" / "students" / "ann" / "results.json").read_text())
    assert results["score"] == load().get(EXERCISE).points, [t["output"] for t in results["tests"]]
