"""Spaced repetition of question families and of the learner's own mistakes, with FSRS.

The `fsrs` package (py-fsrs, by the Open Spaced Repetition group, whose algorithm Anki ships)
keeps a memory model per card: stability and difficulty, updated by each review, give the next
due date for a chosen retention. Hand-written Leitner boxes would space reviews by fixed
factors and forget nothing about how hard a card is. Here a card is a question family
(`macs`) or a mistake the learner made in one (`mistake:output_size:ceil instead of floor`), which brings back
the family it was made in.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

from grader.drill.question import KINDS

SLOW_S = 20.0  # a right answer slower than this is rated Hard: interviews want it instant
MISTAKE = "mistake:"

# No fuzz: the same answers at the same times give the same schedule (and tests can say when).
SCHEDULER = Scheduler(enable_fuzzing=False)


def now() -> datetime:
    return datetime.now(timezone.utc)


def _card(cards: dict, name: str, at: datetime) -> Card:
    if name in cards:
        return Card.from_dict(cards[name]["card"])
    card_id = int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big")  # stable, and no clock involved
    return Card(card_id=card_id, due=at)


def rating(correct: bool, seconds: float) -> Rating:
    if not correct:
        return Rating.Again
    return Rating.Good if seconds <= SLOW_S else Rating.Hard


def review(state: dict, kind: str, correct: bool, seconds: float, mistake: str | None, at: datetime) -> None:
    """Record one answer: its family's card, and the card of the mistake it made (new or again)."""
    cards = state["cards"]
    missed = [(f"{MISTAKE}{kind}:{mistake}", Rating.Again)] if mistake else []
    for name, grade in [(kind, rating(correct, seconds))] + missed:
        card, _ = SCHEDULER.review_card(_card(cards, name, at), grade, review_datetime=at)
        cards[name] = {"card": card.to_dict(), "kind": kind}
    if correct:  # a right answer in a family also reviews the mistakes once made there, now answered right
        for name, entry in cards.items():
            if name.startswith(MISTAKE) and entry["kind"] == kind and _due(entry) <= at:
                card, _ = SCHEDULER.review_card(_card(cards, name, at), Rating.Good, review_datetime=at)
                cards[name] = {"card": card.to_dict(), "kind": kind}


def _due(entry: dict) -> datetime:
    return datetime.fromisoformat(entry["card"]["due"])


def due(state: dict, at: datetime, kinds=KINDS) -> list[tuple[str, str, datetime]]:
    """(card name, family, due) of every card due at `at`, the longest overdue first."""
    found = [(name, e["kind"], _due(e)) for name, e in state["cards"].items() if e.get("kind") in kinds and _due(e) <= at]
    return sorted(found, key=lambda item: item[2])


def next_kind(state: dict, at: datetime, kinds=KINDS) -> str:
    """What to ask next: what is due first, then a family never asked, then the one due soonest."""
    overdue = due(state, at, kinds)
    if overdue:
        return overdue[0][1]
    seen = {e["kind"] for e in state["cards"].values()}
    unseen = [k for k in kinds if k not in seen]
    if unseen:
        return unseen[0]
    families = [(e, name) for name, e in state["cards"].items() if name in kinds]
    return min(families, key=lambda item: _due(item[0]))[1]
