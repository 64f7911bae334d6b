"""Bad input loses nothing else; the class contract on exit codes, determinism and hidden checks."""

from __future__ import annotations

import csv
import os
import shutil

import pytest

from tests.classroom.conftest import KIT, SOLUTIONS, run_class

HIDDEN = KIT / "grader" / "hidden_example"


def rows(out) -> dict[str, dict]:
    with open(out / "gradebook.csv", newline="") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def messy_class(tmp_path_factory):
    """Students whose folders are broken in every way the issue lists, beside an honest one."""
    root = tmp_path_factory.mktemp("messy")
    subs = root / "submissions"
    shutil.copytree(SOLUTIONS, subs / "honest", ignore=shutil.ignore_patterns("__pycache__"))
    (subs / "empty").mkdir()
    syntax = subs / "syntax_error"
    shutil.copytree(SOLUTIONS, syntax, ignore=shutil.ignore_patterns("__pycache__"))
    (syntax / "ex04_count_parameters.py").write_text("def conv2d_parameter_count(:\n")
    binary = subs / "not_utf8"
    shutil.copytree(SOLUTIONS, binary, ignore=shutil.ignore_patterns("__pycache__"))
    (binary / "ex05_count_macs.py").write_bytes(b"# caf\xe9\n" + (SOLUTIONS / "ex05_count_macs.py").read_bytes())
    renamed = subs / "wrong_names"
    shutil.copytree(SOLUTIONS, renamed, ignore=shutil.ignore_patterns("__pycache__"))
    (renamed / "ex03_output_size.py").rename(renamed / "ex3_output_size.py")
    (renamed / "notes.txt").write_text("extra files are ignored\n")
    huge = subs / "huge_file"
    shutil.copytree(SOLUTIONS, huge, ignore=shutil.ignore_patterns("__pycache__"))
    (huge / "ex02_predict_shapes.py").write_text("# padding\n" * 300_000)
    linked = subs / "symlink_out"
    shutil.copytree(SOLUTIONS, linked, ignore=shutil.ignore_patterns("__pycache__"))
    (linked / "ex06_relu_from_scratch.py").unlink()
    os.symlink(SOLUTIONS / "ex06_relu_from_scratch.py", linked / "ex06_relu_from_scratch.py")
    (subs / ".git").mkdir()  # not a student
    out = root / "out"
    completed = run_class(subs, out, "--jobs", "2", "--seed", "11")
    return {"root": root, "subs": subs, "out": out, "completed": completed}


def test_bad_folders_are_graded_with_a_clear_message(messy_class):
    assert messy_class["completed"].returncode == 0, messy_class["completed"].stderr[-2000:]
    book = rows(messy_class["out"])
    assert set(book) == {"honest", "empty", "syntax_error", "not_utf8", "wrong_names", "huge_file", "symlink_out"}
    assert float(book["honest"]["score"]) == 110
    expectations = {
        "empty": ("ex01_conv_relu_layer", "Nothing was handed in"),
        "syntax_error": ("ex04_count_parameters", "SyntaxError"),
        "not_utf8": ("ex05_count_macs", "is not UTF-8 text"),
        "wrong_names": ("ex03_output_size", "there is a ex3_output_size.py"),
        "huge_file": ("ex02_predict_shapes", "the limit is"),
        "symlink_out": ("ex06_relu_from_scratch", "symbolic link"),
    }
    for student, (exercise, phrase) in expectations.items():
        assert float(book[student][exercise]) == 0, (student, book[student])
        feedback = (messy_class["out"] / "students" / student / "feedback.md").read_text()
        assert phrase in feedback, (student, phrase)
        if student != "empty":  # every other exercise of the folder keeps its points
            assert float(book[student]["score"]) == 110 - float(book["honest"][exercise]), student
        # A file that is not there is missing work, never an error of the student's code.
        assert book[student]["status"] == {"empty": "missing", "wrong_names": "incomplete"}.get(student, "error")


@pytest.mark.parametrize("problem, make, phrase", [
    ("missing", lambda root: None, "does not exist"),
    ("a file", lambda root: (root / "subs").write_text("x"), "is a file"),
    ("no students", lambda root: (root / "subs").mkdir(), "no student subfolders"),
])
def test_bad_class_folder_exits_non_zero_with_a_message(tmp_path, problem, make, phrase):
    make(tmp_path)
    completed = run_class(tmp_path / "subs", tmp_path / "out")
    assert completed.returncode == 2, problem
    assert phrase in completed.stderr
    assert not (tmp_path / "out").exists()


def test_out_inside_the_submissions_is_refused(tmp_path):
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    completed = run_class(tmp_path / "subs", tmp_path / "subs" / "out")
    assert completed.returncode == 2 and "inside" in completed.stderr


def test_order_jobs_and_repetition_change_nothing(messy_class, tmp_path):
    """Graded again with one job and new random inputs: the same gradebook, byte for byte."""
    again = run_class(messy_class["subs"], tmp_path / "out", "--jobs", "1")
    assert again.returncode == 0, again.stderr[-2000:]
    assert (tmp_path / "out" / "gradebook.csv").read_bytes() == (messy_class["out"] / "gradebook.csv").read_bytes()


def test_hidden_checks_count_but_never_leak(tmp_path):
    subs = tmp_path / "subs"
    (subs / "stride_ignored").mkdir(parents=True)
    shutil.copy(KIT / "tests" / "submissions" / "ex07_stride_ignored" / "ex07_conv2d_loops.py", subs / "stride_ignored")
    out = tmp_path / "out"
    completed = run_class(subs, out, "--hidden", str(HIDDEN))
    assert completed.returncode == 0, completed.stderr[-2000:]
    feedback = (out / "students" / "stride_ignored" / "feedback.md").read_text()
    results = (out / "students" / "stride_ignored" / "results.json").read_text()
    assert "hidden_check_" in results and "handles_odd_sizes" not in results  # names are masked too
    assert "A hidden check failed" in feedback
    for secret in ("(3, 5, 13, 9)", "(7, 5, 3, 3)", "stride=3", "F.conv2d(x, w, b"):  # inputs and code
        assert secret not in feedback and secret not in results and secret not in completed.stdout, secret
