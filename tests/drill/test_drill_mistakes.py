"""Scripted answers: each named mistake fires on its own wrong answer, and nothing fires on a right one.

The names are the exercises' own (grader/checks/): the drill has no mistake catalog of its own.
"""

from __future__ import annotations

import io

import pytest

from grader.drill import mistakes, session
from grader.drill.question import KINDS, answer_text

# The mistakes the issue names, each of which some drawn question must be able to name.
MUST_FIRE = {"ceil instead of floor", "padding ignored", "FLOPs instead of MACs", "bias forgotten", "stride ignored",
             "off by one in the size formula", "dilation ignored", "channels-last layout", "missing batch dimension",
             "kernel sizes added", "gradient 1 at x == 0", "negatives kept as their absolute value",
             "bias counted though bias=False", "in_channels forgotten", "one conv counted, not two"}


@pytest.fixture(scope="module")
def drawn():
    return [q for seed in range(60) for q in session.seeded(seed, KINDS, 8)]


def _answer(question, text: str) -> session.Outcome:
    lines = iter([text])
    out = io.StringIO()
    outcome = session.ask(question, 1, 1, session.Io(read=lambda: next(lines, None), out=out))
    outcome.record = {"printed": out.getvalue()}
    return outcome


def test_each_named_mistake_fires_on_its_wrong_answer(drawn):
    fired = set()
    for question in drawn:
        for mistake in mistakes.of(question):
            wrong = mistake.answer()
            outcome = _answer(question, answer_text(list(wrong) if question.kind.startswith("relu") else wrong))
            assert not outcome.correct, (question.prompt, mistake.name)
            named = [m for m in mistakes.of(question) if m.name == outcome.mistake]
            # the name given is this mistake's, or another that gives the very same answer
            assert any(m.answer() == wrong for m in named), (question.prompt, mistake.name, outcome.mistake)
            assert f"Likely mistake: {outcome.mistake}." in outcome.record["printed"]
            fired.add(outcome.mistake)
    assert MUST_FIRE <= fired, MUST_FIRE - fired


def test_no_name_fires_on_a_right_answer(drawn):
    for question in drawn:
        outcome = _answer(question, answer_text(question.expected))
        assert outcome.correct and outcome.mistake is None, question.prompt
        assert "Likely mistake" not in outcome.record["printed"]


def test_a_wrong_answer_no_mistake_explains_names_nothing_and_shows_the_answer(drawn):
    question = next(q for q in drawn if q.kind == "parameters")
    outcome = _answer(question, str(question.expected + 1))
    assert not outcome.correct and outcome.mistake is None
    assert f"Answer: {question.expected}." in outcome.record["printed"]
    assert question.derivation in outcome.record["printed"]
