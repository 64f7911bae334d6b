"""The schedule, on an injected clock: what was missed comes back before what is new, and what is
mastered is spaced out further at each right answer."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from grader.drill import schedule, store

T0 = datetime(2026, 1, 5, 7, 0, tzinfo=timezone.utc)


def test_a_missed_family_comes_back_before_an_unseen_one():
    state = store.empty()
    schedule.review(state, "macs", correct=False, seconds=12, mistake="FLOPs instead of MACs", at=T0)
    assert schedule.next_kind(state, T0, ("macs", "parameters")) == "parameters"  # not due yet: new material
    later = T0 + timedelta(minutes=15)
    assert schedule.next_kind(state, later, ("macs", "parameters")) == "macs"
    assert [name for name, _, _ in schedule.due(state, later)] == ["macs", "mistake:macs:FLOPs instead of MACs"]


def test_a_mastered_family_is_spaced_out():
    state, at, gaps = store.empty(), T0, []
    for _ in range(6):
        schedule.review(state, "output_size", correct=True, seconds=4, mistake=None, at=at)
        due = datetime.fromisoformat(state["cards"]["output_size"]["card"]["due"])
        gaps.append(due - at)
        at = due
    assert gaps == sorted(gaps) and gaps[-1] > 3 * gaps[2] and gaps[-1] > timedelta(days=20), gaps
    assert schedule.next_kind(state, at - timedelta(days=1), ("output_size", "relu")) == "relu"


def test_a_slow_right_answer_comes_back_sooner_than_a_fast_one():
    fast, slow = store.empty(), store.empty()
    schedule.review(fast, "macs", correct=True, seconds=5, mistake=None, at=T0)
    schedule.review(slow, "macs", correct=True, seconds=60, mistake=None, at=T0)
    assert slow["cards"]["macs"]["card"]["due"] < fast["cards"]["macs"]["card"]["due"]


def test_due_first_then_the_longest_overdue():
    state = store.empty()
    schedule.review(state, "relu", correct=False, seconds=3, mistake=None, at=T0)
    schedule.review(state, "macs", correct=False, seconds=3, mistake=None, at=T0 + timedelta(minutes=5))
    assert schedule.next_kind(state, T0 + timedelta(hours=1), ("macs", "relu", "valid")) == "relu"
