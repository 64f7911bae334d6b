"""An upload in any shape is found, and one that cannot be used says exactly what to upload.

read_upload is what both platforms call on the student's files; these are the uploads a
course's students really make, the good shapes and the unusable ones.
"""

from __future__ import annotations

import json
import zipfile

from grader.sources import upload
from grader.sources.upload import read_upload, what_to_upload
from tests.platforms.submissions import correct, exercises, solved_notebooks, zipped

ALL = exercises()
ADVICE = what_to_upload(ALL)


def usable(submission) -> bool:
    return not submission.problems and all(f"{n}.py" in submission.files for n in ALL)


def test_files_at_the_top_in_a_folder_in_a_zip_or_as_notebooks_are_all_found(tmp_path):
    top = correct(tmp_path / "top")
    nested = tmp_path / "nested"
    correct(nested / "cnn-kit" / "my answers")
    zipped_top = tmp_path / "zip"
    zipped_top.mkdir()
    zipped(top, zipped_top / "submission.zip")
    zipped_folder = tmp_path / "zip_folder"
    zipped_folder.mkdir()
    zipped(top, zipped_folder / "work.zip", inside="exercises")
    notebooks = solved_notebooks(tmp_path / "notebooks")
    notebooks_zip = tmp_path / "notebooks_zip"
    notebooks_zip.mkdir()
    zipped(notebooks, notebooks_zip / "notebooks.zip")
    for folder in (top, nested, zipped_top, zipped_folder, notebooks, notebooks_zip):
        submission = read_upload("s", folder, ALL)
        assert usable(submission), (folder.name, submission.problems)


def test_an_empty_upload_says_what_to_upload(tmp_path):
    (tmp_path / "empty").mkdir()
    submission = read_upload("s", tmp_path / "empty", ALL)
    assert set(submission.problems) == set(ALL)
    assert all("the submission folder is empty" in p and ADVICE in p for p in submission.problems.values())


def test_wrong_names_point_at_the_likely_file_but_never_at_another_exercise(tmp_path):
    folder = correct(tmp_path / "renamed")
    (folder / "ex03_output_size.py").rename(folder / "ex3_output_size.py")
    (folder / "ex04_count_parameters.py").unlink()
    submission = read_upload("s", folder, ALL)
    assert set(submission.problems) == {"ex03_output_size", "ex04_count_parameters"}
    assert "there is a ex3_output_size.py" in submission.problems["ex03_output_size"]
    # ex01..ex10 look alike; another exercise's own file is never offered as the missing one
    assert "there is a" not in submission.problems["ex04_count_parameters"]
    assert ADVICE in submission.problems["ex04_count_parameters"]


def test_a_zip_bomb_is_read_no_further_than_its_limit(tmp_path):
    folder = tmp_path / "bomb"
    folder.mkdir()
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ex01_conv_relu_layer.py", b"#" * (50 << 20))  # 50 MB of one byte: 50 kB zipped
        for i in range(70):  # many members of 1 MB: together past the limit on what a zip may unpack
            zf.writestr(f"helpers/h{i}.ipynb", b" " * (1 << 20))
    assert (folder / "bomb.zip").stat().st_size < 2 << 20
    submission = read_upload("s", folder, ALL)
    assert set(submission.problems) == set(ALL)
    assert all("unpacks to more than 64 MB" in p and ADVICE in p for p in submission.problems.values())
    single = tmp_path / "single"
    single.mkdir()
    with zipfile.ZipFile(single / "one.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ex01_conv_relu_layer.py", b"#" * (50 << 20))
    submission = read_upload("s", single, ALL)
    assert "larger than 1,048,576 bytes" in submission.problems["ex01_conv_relu_layer"]


def test_thousands_of_files_are_capped_and_the_student_is_told(tmp_path):
    folder = tmp_path / "crowded"
    folder.mkdir()
    for i in range(upload.MAX_ENTRIES + 500):
        (folder / f"a{i:05d}.txt").write_text("x")
    submission = read_upload("s", folder, ALL)
    assert set(submission.problems) == set(ALL)
    problem = submission.problems["ex01_conv_relu_layer"]
    assert f"more than {upload.MAX_ENTRIES:,} files" in problem and ADVICE in problem
    many = tmp_path / "many_members"
    many.mkdir()
    with zipfile.ZipFile(many / "many.zip", "w") as zf:
        for i in range(upload.MAX_ZIP_MEMBERS + 1):
            zf.writestr(f"f{i}.txt", "x")
    problem = read_upload("s", many, ALL).problems["ex01_conv_relu_layer"]
    assert f"the limit is {upload.MAX_ZIP_MEMBERS}" in problem and ADVICE in problem


def test_a_notebook_that_is_not_json_is_its_exercises_problem(tmp_path):
    folder = solved_notebooks(tmp_path / "notebooks")
    (folder / "ex02_predict_shapes.ipynb").write_text("this is not JSON {")
    (folder / "ex03_output_size.ipynb").write_text(json.dumps({"cells": "not a list"}))
    submission = read_upload("s", folder, ALL)
    assert set(submission.problems) == {"ex02_predict_shapes", "ex03_output_size"}
    assert "is not a notebook (not valid JSON" in submission.problems["ex02_predict_shapes"]
    assert "Upload the notebook as Jupyter saves it" in submission.problems["ex02_predict_shapes"]
    assert "it has no list of cells" in submission.problems["ex03_output_size"]
    zipped_folder = tmp_path / "zipped"
    zipped_folder.mkdir()
    zipped(folder, zipped_folder / "notebooks.zip")
    assert set(read_upload("s", zipped_folder, ALL).problems) == {"ex02_predict_shapes", "ex03_output_size"}
