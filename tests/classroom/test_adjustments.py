"""Adjustments, lateness and the summary lines, on plain records: no grading, milliseconds each."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest

from grader.classroom import adjustments, lateness
from grader.classroom.adjustments import BadAdjustments
from grader.classroom.cli import _interrupted, _summary
from grader.classroom.exports import gradebook, nbgrader
from grader.classroom.progress import Progress
from grader.result import summary

GRADED = ["ex01_conv_relu_layer", "ex07_conv2d_loops"]
HEADER = "student,exercise,adjustment,comment\n"


def parse(lines: str) -> list[adjustments.Adjustment]:
    return adjustments.parse(HEADER + lines, ["ann", "bob"], GRADED, "adj.csv")


@pytest.mark.parametrize("line, said", [
    ("carl,,+2,", "adj.csv line 3: there is no student 'carl'"),
    ("ann,ex05,+2,", "adj.csv line 3: there is no exercise 'ex05'"),
    ("ann,,plus two,", "adj.csv line 3: 'plus two' is not an adjustment"),
    ("ann,,=10%,", "adj.csv line 3: '=10%' is not an adjustment"),
    ("ann,,+1,a,b", "adj.csv line 3: 5 cells"),
])
def test_a_bad_line_is_an_error_naming_it(line, said):
    with pytest.raises(BadAdjustments, match=re.escape(said)):
        parse(f"ann,,+1,fine\n{line}\n")


def test_a_wrong_header_is_refused():
    with pytest.raises(BadAdjustments, match="line 1"):
        adjustments.parse("name,points\nann,2\n", ["ann"], GRADED)


def record(student="ann", scores=(10.0, 6.0), late=None) -> dict:
    exercises = [{"name": n, "score": s, "max_score": 10.0 if n.startswith("ex01") else 15.0, "status": "graded",
                  "tests": []} for n, s in zip(GRADED, scores)]
    return {"student": student, "status": "graded", "score": sum(scores), "max_score": 25.0,
            "exercises": exercises, "late_seconds": late}


def test_overrides_then_changes_then_the_late_policy_and_never_below_zero():
    rules = parse("ann,ex07,+1,\nann,ex07,=12,regrade\n*,,-10%/day,late\nann,,-1.5,\nbob,,-100,\n")
    ann = record(late=90000.0)  # 25 h: two started days
    adjustments.apply(ann, rules, ann["late_seconds"])
    assert ann["exercises"][1]["score"] == 13 and ann["exercises"][1]["grader_score"] == 6
    assert ann["grader_score"] == 16 and ann["score"] == pytest.approx(23 - 1.5 - 5)
    assert [a["adjustment"] for a in ann["adjustments"]] == ["=12", "+1", "-1.5", "-10%/day"]
    bob = record("bob")
    adjustments.apply(bob, rules, None)  # no known time: no late penalty, and never below 0
    assert bob["score"] == 0 and [a["adjustment"] for a in bob["adjustments"]] == ["-100"]


def test_lateness_comes_from_the_source_never_from_a_file_time():
    assert lateness.submitted({"submitted": {"a1": "2026-12-01 10:00:00", "a2": "2026-12-02 09:00:00"}}) \
        == "2026-12-02 09:00:00"
    assert lateness.submitted({"gradescope": {"created_at": "2026-12-01 10:00:00.123456789 -0800"}}) \
        == "2026-12-01 18:00:00.123456"
    assert lateness.submitted({}) is None and lateness.submitted({"gradescope": {"created_at": "soon"}}) is None
    due = lateness.deadline("2026-12-01T12:00")  # no offset: UTC, as nbgrader's times
    assert lateness.late_seconds("2026-12-01 13:30:00", due) == 5400
    assert lateness.late_seconds("2026-12-01 11:00:00", due) == 0
    assert lateness.late_seconds(None, due) is None and lateness.late_seconds("2026-12-01 13:30:00", None) is None
    with pytest.raises(ValueError, match="--deadline"):
        lateness.deadline("friday")


def test_summary_statuses():
    assert summary(["graded", "missing"]) == "incomplete"
    assert summary(["missing", "missing"]) == "missing"
    assert summary(["error", "missing"]) == "error"
    assert summary(["graded", "infra_error", "missing"]) == "infra_error"
    assert summary(["graded", "graded"]) == "graded"


def test_progress_percentages_are_exact():
    stream = io.StringIO()
    progress = Progress(6, stream)
    for _ in range(6):
        progress.advance()
    shown = re.findall(r"(\d+)/6 students \((\d+)%\)", stream.getvalue())
    assert shown and all(int(share) == round(100 * int(done) / 6) for done, share in shown), shown


def class_records() -> list[dict]:
    """Four students after a --force run stopped early: two graded now, one kept from an earlier run
    (not graded again), one not reached."""
    found = []
    for student, status, score in [("ann", "graded", 25.0), ("bob", "incomplete", 10.0), ("cy", "graded", 20.0),
                                   ("dee", "not graded", None)]:
        found.append({"student": student, "submission": student, "status": status, "score": score,
                      "max_score": 25.0, "grader_score": score, "adjustments": [], "exercises": []})
    return found


def test_an_interrupted_force_run_says_what_the_gradebook_shows():
    found = class_records()
    now = {"ann", "bob"}
    rows = list(csv.DictReader(io.StringIO(gradebook.render(found, GRADED))))
    text = _summary(found, now, 1.0, "cpu", "student folders") + "\n" + _interrupted(found, now, 2, force=True)
    assert "2 graded now" in text and "1 from the store" in text
    assert f"{sum(1 for r in rows if r['score'])} of 4 students have a result" in text
    assert "1 kept from an earlier run, not graded again by this --force run" in text
    assert "without --force to grade the other 1" in text
    statuses = dict(part.rsplit(" ", 1) for part in re.search(r"Statuses: (.*)\.", text)[1].split(", "))
    assert {k: int(v) for k, v in statuses.items()} == {s: sum(r["status"] == s for r in rows) for s in statuses}
    scored = [float(r["score"]) for r in rows if r["score"]]
    assert f"mean {sum(scored) / len(scored):.2f}" in text


def test_nbgrader_export_has_the_grader_score_the_penalty_and_the_adjusted_score():
    ann = record(late=3600.0)
    ann.update(meta={"submitted": {"a1": "2026-12-01 13:00:00"}}, deadline="2026-12-01 12:00:00")
    adjustments.apply(ann, parse("ann,,+2,\n*,,-10%/day,\n"), ann["late_seconds"])
    row = next(csv.DictReader(io.StringIO(nbgrader.render([ann], {"a1": GRADED}))))
    assert (row["duedate"], row["raw_score"], row["late_submission_penalty"], row["score"]) == \
        ("2026-12-01 12:00:00", "16.0", "2.5", "15.5")


def test_no_file_time_is_read(monkeypatch):
    """lateness never looks at files: a time it has no source for stays unknown."""
    calls = []
    monkeypatch.setattr(os, "stat", lambda *a, **k: calls.append(a) or pytest.fail("stat called"))
    assert lateness.submitted({"files": ["ex01.py"]}) is None and calls == []
