"""A submission's total time budget: one that hangs in every exercise costs a few per-exercise limits,
not one per exercise; an honest submission is not touched by it."""

from __future__ import annotations

import pytest

from grader.catalog import load
from grader.engine.attempt import STARTUP_S
from grader.engine.engine import Engine, Settings
from grader.paths import KIT_ROOT
from grader.submission import Submission

TIMEOUT_S = 2
GRADED = tuple(e.name for e in load().exercises)


@pytest.fixture(scope="module")
def engine():
    engine = Engine(Settings(timeout_s=TIMEOUT_S, seed=1))
    yield engine
    engine.close()


def test_a_submission_that_hangs_everywhere_costs_a_few_timeouts(engine):
    result = engine.grade(Submission("hangs", {f"{name}.py": "while True:\n    pass\n" for name in GRADED}))
    # One limit per exercise costs at least len(GRADED) * TIMEOUT_S (20 s); the budget caps it below that.
    budget = load().limits["budget_timeouts"] * TIMEOUT_S + STARTUP_S
    assert budget < len(GRADED) * TIMEOUT_S
    assert result.seconds < len(GRADED) * TIMEOUT_S, result.seconds
    messages = [t.message for e in result.exercises for t in e.tests]
    assert result.score == 0 and {e.status for e in result.exercises} == {"timeout"}
    assert any("did not return within" in m for m in messages)
    assert any("Not run: this submission already ran past its time limit" in m for m in messages)


def test_an_honest_submission_is_graded_in_full(engine):
    files = {f"{name}.py": (KIT_ROOT / "solutions" / f"{name}.py").read_text() for name in GRADED}
    result = engine.grade(Submission("honest", files))
    assert result.score == result.max_score, [(e.name, e.status, e.score) for e in result.exercises]
