"""`grader status` shows the drills' part: what is due, and accuracy and speed per topic over time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from grader.drill import schedule, status, store

T0 = datetime(2026, 1, 20, 7, 0, tzinfo=timezone.utc)


def _answer(state, kind, correct, seconds, at, mistake=None):
    schedule.review(state, kind, correct, seconds, mistake, at)
    state["answers"].append({"at": at.isoformat(), "kind": kind, "correct": correct, "seconds": seconds,
                             "mistake": mistake})


def test_nothing_for_a_learner_who_never_drilled():
    store.path().unlink(missing_ok=True)
    assert status.lines(T0) == []


def test_due_families_mistakes_and_accuracy_this_week_against_before():
    state = store.empty()
    _answer(state, "macs", True, 4, T0 - timedelta(days=10))
    _answer(state, "macs", False, 20, T0 - timedelta(days=10))
    _answer(state, "macs", True, 6, T0 - timedelta(hours=2))
    _answer(state, "output_size", False, 30, T0 - timedelta(hours=1), mistake="ceil instead of floor")
    store.save(state)
    head, header, *rows = status.lines(T0)
    assert head.startswith("Drills due now: output_size") and "ceil instead of floor" in head
    assert "python -m grader drill" in head
    macs = next(r for r in rows if r.split()[0] == "macs").split()
    assert macs[1:5] == ["3", "67%", "100%", "50%"] and macs[5] == "6"
    assert next(r for r in rows if r.split()[0] == "output_size").split()[2] == "0%"
