"""Two student ids that name the same output folder (case, Unicode form) are never silently dropped:
the class is refused naming both, exit 2, nothing graded."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from grader.sources import BadClass, open_class
from tests.classroom.conftest import SOLUTIONS, run_class

GRADED = ["ex03_output_size"]


def _student(root, name):
    (root / name).mkdir(parents=True)
    shutil.copy(SOLUTIONS / "ex03_output_size.py", root / name)


@pytest.mark.parametrize("pair", [("Alice", "alice"), ("ALICE", "alicE"), ("Jos\u00e9", "Jose\u0301"),
                                  ("stra\u00dfe", "STRASSE")])
def test_colliding_ids_are_both_named_and_the_class_refused(tmp_path, pair):
    for name in pair:
        _student(tmp_path, name)
    _student(tmp_path, "bob")
    with pytest.raises(BadClass) as refused:
        open_class(tmp_path, GRADED)
    for name in pair:
        assert repr(name) in str(refused.value)


def test_a_zip_of_colliding_ids_is_refused_too(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("Carol", "carol"):
            zf.write(SOLUTIONS / "ex03_output_size.py", f"{name}/ex03_output_size.py")
    with pytest.raises(BadClass, match="'Carol' and 'carol'"):
        open_class(archive, GRADED)


def test_the_class_command_exits_2_and_writes_no_grade(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    for name in ("Dana", "dana", "erin"):
        _student(subs, name)
    done = run_class(subs, out, "--exercises", "ex03")
    assert done.returncode == 2, done.stderr
    assert "'Dana' and 'dana'" in done.stderr
    assert not (out / "gradebook.csv").exists()
