"""The instructor's gradebook of a small mixed class, end to end (issue 23).

A Gradescope export of four students: one complete, one who handed in half the exercises, one with
a syntax error, one empty upload. Missing work is `missing` (said once per exercise, with the file
expected), never broken code; adjustments and a late policy from a CSV are applied in every export
beside the grader's score, and a changed file re-exports without grading again; every summary line
agrees with the gradebook the same run wrote.
"""

from __future__ import annotations

import csv
import json
import re
import shutil

import pytest

from tests.classroom.class_runs import KIT, stored
from tests.classroom.conftest import run_class

NAMES = sorted(p.stem for p in (KIT / "solutions").glob("ex*.py"))
DEADLINE = "2026-12-01T12:00:00+00:00"
# Handed in (UTC): on time, 1 h late, 25 h late (two started days), on time.
TIMES = {"s01_complete": "2026-12-01 11:00:00.000000000 +0000", "s02_half": "2026-12-01 05:00:00.000000000 -0800",
         "s03_syntax": "2026-12-02 13:00:00.000000000 +0000", "s04_empty": "2026-12-01 10:00:00.000000000 +0000"}
ADJUSTMENTS = ("student,exercise,adjustment,comment\n"
               "s03_syntax,ex03,=8,\"regrade: the typo was in a comment line\"\n"
               "s01_complete,,+2,bonus for the write-up\n"
               "*,,-10%/day,late policy\n")


def mixed_class(root):
    """A Gradescope "Download submissions" export of the four students."""
    solutions = sorted((KIT / "solutions").glob("ex*.py"))
    metadata = []
    for index, student in enumerate(TIMES, start=1):
        folder = root / f"submission_{index}"
        folder.mkdir(parents=True)
        chosen = {"s01_complete": solutions, "s02_half": solutions[:6], "s03_syntax": solutions,
                  "s04_empty": []}[student]
        for path in chosen:
            shutil.copy(path, folder / path.name)
        metadata.append(f"submission_{index}:\n  :submitters:\n  - :name: {student}\n    :sid: {student}\n"
                        f"  :created_at: '{TIMES[student]}'\n")
    broken = root / "submission_3" / "ex03_output_size.py"
    broken.write_text(broken.read_text() + "\ndef broken(:\n")
    (root / "submission_metadata.yml").write_text("".join(metadata))
    return root


def book(out) -> dict[str, dict]:
    with open(out / "gradebook.csv", newline="") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("gradebook")
    subs = mixed_class(root / "subs")
    rules = root / "adjustments.csv"
    rules.write_text(ADJUSTMENTS)
    out = root / "out"
    done = run_class(subs, out, "--jobs", "2", "--adjustments", str(rules), "--deadline", DEADLINE)
    assert done.returncode == 0, done.stderr[-3000:]
    return {"root": root, "subs": subs, "out": out, "rules": rules, "done": done}


def test_missing_work_is_missing_not_an_error(graded):
    rows = book(graded["out"])
    assert {s: rows[s]["status"] for s in rows} == {
        "s01_complete": "graded", "s02_half": "incomplete", "s03_syntax": "error", "s04_empty": "missing"}
    assert rows["s02_half"]["missing"] == "ex07 ex08 ex09 ex10" and rows["s02_half"]["problems"] == ""
    assert rows["s03_syntax"]["problems"] == "ex03 error" and rows["s03_syntax"]["missing"] == ""
    assert rows["s04_empty"]["missing"].split() == [n.split("_")[0] for n in NAMES]


def test_feedback_says_each_missing_file_once_and_one_cause_once(graded):
    students = graded["out"] / "students"
    half = (students / "s02_half" / "feedback.md").read_text()
    for name in NAMES[6:]:
        assert half.count(f"expected `{name}.py`") == 1
    assert "There is no" not in half and "folder is empty" not in half
    empty = (students / "s04_empty" / "feedback.md").read_text()
    assert empty.count("Nothing was handed in") == 1 and "There is no" not in empty
    syntax = (students / "s03_syntax" / "feedback.md").read_text()
    assert syntax.count("SyntaxError") == 1 and "**All 3 checks**" in syntax
    results = json.loads((students / "s02_half" / "results.json").read_text())
    missing = [t for t in results["tests"] if t["name"].startswith("ex07")]
    assert len(missing) == 1 and "ex07_conv2d_loops.py" in missing[0]["output"] and missing[0]["max_score"] == 15
    broken = json.loads((students / "s03_syntax" / "results.json").read_text())
    assert sum(t["name"].startswith("ex03") for t in broken["tests"]) == 1


def test_adjustments_and_the_late_policy_show_in_every_export_beside_the_grader_score(graded):
    rows = book(graded["out"])
    # s01: 110 + 2, on time. s02: 55, 1 h late: one day at 10 % of 110. s03: 100 with ex03 set to 8,
    # 108, then two started days late: -22. s04: nothing handed in, on time: 0.
    assert [(rows[s]["grader_score"], rows[s]["score"], rows[s]["adjustment"]) for s in TIMES] == [
        ("110", "112", "+2"), ("55", "44", "-11"), ("100", "86", "-14"), ("0", "0", "")]
    assert rows["s03_syntax"]["ex03_output_size"] == "8"
    assert rows["s02_half"]["hours_late"] == "1.00" and rows["s01_complete"]["hours_late"] == "0.00"
    assert rows["s02_half"]["submitted"] == "2026-12-01 13:00:00"
    assert "regrade: the typo was in a comment line" in rows["s03_syntax"]["comments"]
    students = graded["out"] / "students"
    result = json.loads((students / "s03_syntax" / "results.json").read_text())
    assert result["score"] == 86 and "grader's score was 100" in result["output"]
    feedback = (students / "s03_syntax" / "feedback.md").read_text()
    assert "**86 / 110**" in feedback and "The grader's score was 100" in feedback and "1 d 01:00:00 late" in feedback
    assert "8 / 10 (grader: 0)" in feedback
    html = (graded["out"] / "report.html").read_text()
    row = re.search(r'<tr id="[^"]+"><td class="name" data-label="student">s03_syntax</td>(.*?)</tr>', html, re.S)[1]
    assert 'data-key="score">86<' in row and ">100<" in row


def test_a_changed_adjustments_file_reexports_without_grading_again(graded, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    before = stored(out)
    rules = tmp_path / "adjustments.csv"
    rules.write_text("student,exercise,adjustment,comment\ns02_half,ex07,=15,excused: ill that week\n")
    done = run_class(graded["subs"], out, "--adjustments", str(rules))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "0 graded now" in done.stdout and stored(out) == before
    rows = book(out)
    assert rows["s02_half"]["score"] == "70" and rows["s02_half"]["ex07_conv2d_loops"] == "15"
    assert rows["s01_complete"]["score"] == "110" and rows["s03_syntax"]["hours_late"] == ""


def test_a_bad_adjustment_is_an_error_naming_its_line_and_changes_nothing(graded, tmp_path):
    """(The other bad lines: test_adjustments.py.)"""
    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    before = (out / "gradebook.csv").read_bytes()
    rules = tmp_path / "adjustments.csv"
    rules.write_text("student,exercise,adjustment,comment\ns01_complete,,+1,\nbob,,+2,\n")
    done = run_class(graded["subs"], out, "--adjustments", str(rules))
    assert done.returncode == 2 and "line 3: there is no student 'bob'" in done.stderr, done.stderr
    assert (out / "gradebook.csv").read_bytes() == before


def summary_counts(stdout: str) -> tuple[dict[str, int], int, int, float]:
    statuses = {}
    line = re.search(r"^Statuses: (.*)\.$", stdout, re.M)[1]
    for part in line.split(", "):
        name, count = part.rsplit(" ", 1)
        statuses[name] = int(count)
    now, kept = map(int, re.search(r"(\d+) graded now in .*?, (\d+) from the store", stdout).groups())
    mean = float(re.search(r"mean ([\d.]+) /", stdout)[1])
    return statuses, now, kept, mean


@pytest.mark.parametrize("path", ["fresh", "resumed", "force"])
def test_every_summary_line_agrees_with_the_gradebook_of_the_same_run(graded, tmp_path, path):
    out = tmp_path / "out"
    options = ("--adjustments", str(graded["rules"]), "--deadline", DEADLINE)
    if path == "fresh":
        done = graded["done"]
        out = graded["out"]
    else:
        shutil.copytree(graded["out"], out)
        done = run_class(graded["subs"], out, *options, *(["--force"] if path == "force" else []))
        assert done.returncode == 0, done.stderr[-2000:]
    rows = book(out)
    statuses, now, kept, mean = summary_counts(done.stdout)
    counts: dict[str, int] = {}
    for row in rows.values():
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    assert statuses == counts
    assert now + kept == len(rows) and (now, kept) == {"fresh": (4, 0), "resumed": (0, 4), "force": (4, 0)}[path]
    handed_in = [float(r["score"]) for r in rows.values() if r["status"] != "missing"]
    assert mean == pytest.approx(sum(handed_in) / len(handed_in), abs=0.005)
    html = (out / "report.html").read_text()
    assert re.search(r'data-key="missing">(\d+)<', html)[1] == "2"  # s02 and s04: apart from the error
    assert re.search(r'data-key="error">(\d+)<', html)[1] == "1"
    lowest = re.search(r'<table id="lowest">(.*?)</table>', html, re.S)[1]
    assert "s01_complete" not in lowest  # full marks need no attention
