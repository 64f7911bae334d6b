"""Issue 3's acceptance: honest students exact, hostile ones at 0, the kit untouched, no process left."""

from __future__ import annotations

import csv
import json
import os
import time

import pytest

from grader.catalog import load
from tests.classroom.class_runs import marked
from tests.classroom.conftest import kit_fingerprint

TOTAL = sum(e.points for e in load().exercises)


def gradebook(out) -> dict[str, dict]:
    with open(out / "gradebook.csv", newline="") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def test_the_class_is_graded(graded_class):
    completed = graded_class["completed"]
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Class of 13 students" in completed.stdout and "13 graded now" in completed.stdout


def test_honest_students_get_exact_scores(graded_class):
    book = gradebook(graded_class["out"])
    assert float(book["alice"]["score"]) == TOTAL
    assert float(book["bob"]["score"]) == 0
    ex07 = load().get("ex07_conv2d_loops").points
    # carol's flipped kernel fails all five of ex07's value checks and nothing else
    assert float(book["carol"]["score"]) == pytest.approx(TOTAL - ex07, abs=0.01)
    assert float(book["carol"]["ex07_conv2d_loops"]) == 0
    assert {book[s]["status"] for s in ("alice", "bob", "carol")} == {"graded"}


@pytest.mark.parametrize("student", [
    "h_exit_at_import", "h_rigged_equality", "h_patched_torch", "h_planted_files", "h_forged_results",
    "h_background_rewriter", "h_kit_writer", "h_hangs_ignoring_signals", "h_memory_hog", "h_fork_flood",
])
def test_hostile_students_score_nothing(graded_class, student):
    row = gradebook(graded_class["out"])[student]
    assert float(row["score"]) == 0, row
    results = json.loads((graded_class["out"] / "students" / student / "results.json").read_text())
    assert results["score"] == 0


def test_statuses_say_what_happened(graded_class):
    book = gradebook(graded_class["out"])
    assert book["h_hangs_ignoring_signals"]["status"] == "timeout"
    assert book["h_memory_hog"]["status"] == "memory"
    assert book["h_exit_at_import"]["status"] == "error"


def test_the_kit_is_unchanged(graded_class):
    assert kit_fingerprint() == graded_class["kit_before"]


def test_planted_files_never_ran(graded_class):
    for marker in ("planted-conftest-ran", "planted-sitecustomize-ran", "planted-grader-ran"):
        assert not (graded_class["root"] / marker).exists(), marker


def test_no_process_is_left_behind_and_results_stay_put(graded_class):
    out = graded_class["out"]
    book_before = (out / "gradebook.csv").read_bytes()
    time.sleep(3)  # the background rewriter would strike after 2.5 s
    assert (out / "gradebook.csv").read_bytes() == book_before
    assert float(gradebook(out)["h_background_rewriter"]["score"]) == 0
    # Only this run's processes: another grading run on the machine (a second `make test`, a class)
    # has sandboxes of its own. Every process this run started carries its marker in its environment.
    sandboxed = [(pid, "marked") for pid in marked(graded_class["marker"])]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = open(f"/proc/{entry}/cmdline", "rb").read()
            except OSError:
                continue
            if str(graded_class["submissions"]).encode() in cmdline:
                sandboxed.append((entry, cmdline[:80]))
    assert sandboxed == []


def test_another_students_folder_is_untouched(graded_class):
    victim = graded_class["submissions"] / "alice" / "ex04_count_parameters.py"
    assert "tampered" not in victim.read_text()


def test_feedback_speaks_to_the_learner(graded_class):
    text = (graded_class["out"] / "students" / "carol" / "feedback.md").read_text()
    assert "Likely mistake: kernel flipped" in text
    hang = (graded_class["out"] / "students" / "h_hangs_ignoring_signals" / "feedback.md").read_text()
    assert "did not return within 3 s" in hang


def test_gradescope_results_follow_the_format(graded_class):
    results = json.loads((graded_class["out"] / "students" / "alice" / "results.json").read_text())
    assert set(results) >= {"score", "execution_time", "output", "tests"}
    assert results["score"] == TOTAL
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(TOTAL, abs=0.01)
