"""A drill session driven in-process: scripted input, an injected clock, the state it leaves."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

from grader.drill import session, store
from grader.drill.question import answer_text

T0 = datetime(2026, 1, 5, 7, 0, tzinfo=timezone.utc)


def _io(lines: list[str], ticks: list[float], today=lambda: T0) -> session.Io:
    answers, times = iter(lines), iter(ticks + ticks[-1:] * 50)  # the clock reads on after the input ends
    return session.Io(read=lambda: next(answers, None), out=io.StringIO(), clock=lambda: next(times), today=today)


def test_a_mistake_is_named_timed_and_scheduled():
    question = next(session.seeded(1, ("macs",), 1))
    drill = _io([str(2 * question.expected)], [100.0, 109.5])
    (entry,) = session.run(("macs",), 1, 1, drill)
    assert entry["mistake"] == "FLOPs instead of MACs" and entry["given"] == 2 * question.expected
    assert entry["seconds"] == 9.5 and not entry["correct"]
    printed = drill.out.getvalue()
    assert "Likely mistake: FLOPs instead of MACs." in printed and f"Answer: {question.expected}." in printed
    saved = json.loads(store.path().read_text())
    assert "mistake:macs:FLOPs instead of MACs" in saved["cards"]


def test_the_end_of_input_ends_the_drill_and_keeps_what_was_answered():
    question = next(session.seeded(11, ("output_size",), 1))
    transcript = session.run(("output_size",), 5, 11, _io([answer_text(question.expected)], [0.0, 1.0]))
    assert [e["correct"] for e in transcript] == [True]


def test_without_a_seed_what_was_missed_comes_first():
    store.save(store.empty())
    first = session.run(("relu", "valid"), 1, None, _io(["nonsense"], [0.0, 2.0]))
    assert first[0]["kind"] == "relu" and not first[0]["correct"]
    later = lambda: T0 + timedelta(hours=1)  # noqa: E731
    second = session.run(("relu", "valid"), 2, None, _io(["x", "y"], [0.0, 1.0, 2.0, 3.0], today=later))
    assert [e["kind"] for e in second] == ["relu", "valid"]  # the missed family, then the new one
