"""The insight report of a real `grader class` run (issue 15): written beside the gradebook from
the store, its figures agree with the gradebook, and `grader report OUT` writes it again
without grading anything."""

from __future__ import annotations

import csv
import re
import shutil
import statistics

import pytest

from tests.classroom.class_runs import KIT, correct_class, stored
from tests.conftest import derived_stubs


@pytest.fixture(scope="module")
def graded(tmp_path_factory, grader_cli):
    root = tmp_path_factory.mktemp("report")
    subs = correct_class(root / "subs", 4)
    derived_stubs(subs / "stubs")
    shutil.copytree(KIT / "tests" / "submissions" / "ex01_padding_missing", subs / "padding")
    shutil.copytree(KIT / "tests" / "submissions" / "ex09_padding_missing", subs / "padding9")
    done = grader_cli("class", str(subs), "--out", str(root / "out"), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "out"


def value(html: str, key: str) -> str:
    return re.search(rf'data-key="{key}">([^<]*)<', html).group(1)


def test_class_writes_the_report_beside_the_gradebook_and_they_agree(graded):
    html = (graded / "report.html").read_text()
    with open(graded / "gradebook.csv", newline="") as file:
        book = list(csv.DictReader(file))
    scores = [float(row["score"]) for row in book]
    assert value(html, "students") == str(len(book))
    assert float(value(html, "mean")) == pytest.approx(statistics.mean(scores), abs=0.05)
    assert float(value(html, "median")) == pytest.approx(statistics.median(scores), abs=0.05)
    assert "padding missing" in html  # the named mistake, found in the store's results
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the report must open offline"


def test_report_command_rewrites_it_from_the_store_without_grading(graded, grader_cli):
    before = stored(graded)
    (graded / "report.html").unlink()
    done = grader_cli("report", str(graded))
    assert done.returncode == 0, done.stderr[-2000:]
    assert (graded / "report.html").is_file() and "7 students" in done.stdout
    assert stored(graded) == before


def test_report_of_a_folder_without_a_store_says_what_to_run(grader_cli, tmp_path):
    done = grader_cli("report", str(tmp_path))
    assert done.returncode == 2 and "python -m grader class" in done.stderr
