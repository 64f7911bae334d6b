"""A drill session: ask, read the answer, say whether it is right, name the mistake, show the answer.

The questions come from a seed (`--seed`: the same questions in the same order, whatever the
schedule) or from the schedule (what is due first, then new families). Input, output and both
clocks are passed in, so tests drive a session without a terminal and without waiting.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterator, TextIO

from grader.commands import grader
from grader.drill import answers, generate, mistakes, schedule, store
from grader.drill.question import KINDS, Question, answer_text, plain


@dataclass
class Io:
    """Where a session reads and writes, and its clocks (seconds for speed; dates for the schedule)."""

    read: Callable[[], str | None]  # one answer; None at the end of input
    out: TextIO
    retry_unreadable: bool = False  # on a terminal, a typo is asked again rather than marked wrong
    clock: Callable[[], float] = time.monotonic
    today: Callable[[], datetime] = schedule.now
    save: Callable[[dict], None] = store.save  # the site's transcript keeps no state


@dataclass
class Outcome:
    question: Question
    given: object
    correct: bool
    mistake: str | None
    seconds: float
    record: dict = field(default_factory=dict)


def seeded(seed: int, kinds: tuple[str, ...], count: int) -> Iterator[Question]:
    """The same questions in the same order for a seed: the schedule plays no part."""
    rng = random.Random(f"drill:{seed}")
    for _ in range(count):
        yield generate.draw(rng.choice(kinds), rng)


def scheduled(state: dict, kinds: tuple[str, ...], count: int, io: Io) -> Iterator[Question]:
    """What is due first, then new families; each with fresh numbers."""
    rng = random.Random()
    for _ in range(count):
        yield generate.draw(schedule.next_kind(state, io.today(), kinds), rng)


def ask(question: Question, number: int, total: int, io: Io) -> Outcome | None:
    """One question; None when the input has ended."""
    print(f"\n[{number}/{total}] {question.prompt}", file=io.out, flush=True)
    start = io.clock()
    while True:
        text = io.read()
        if text is None:
            return None
        try:
            given = answers.parse(text, question.expected)
            break
        except answers.Unreadable as problem:
            if io.retry_unreadable and text.strip():
                print(f"  Could not read that: {problem}.", file=io.out, flush=True)
                continue
            given = text.strip()
            break
    seconds = io.clock() - start
    correct = answers.same(given, question.expected)
    named = None if correct else mistakes.named(question, given)
    if correct:
        print(f"  Right ({seconds:.0f} s). {question.derivation}", file=io.out)
    else:
        print(f"  Not quite: you said {answer_text(given) if not isinstance(given, str) else repr(given)}.", file=io.out)
        if named:
            print(f"  Likely mistake: {named.name}. {named.advice}", file=io.out)
        print(f"  Answer: {answer_text(question.expected)}. {question.derivation}", file=io.out)
    return Outcome(question, given, correct, named.name if named else None, seconds)


def transcript_entry(outcome: Outcome) -> dict:
    """One object of `--json`: the question, the answer given, and what was made of it."""
    return {**outcome.question.record(), "given": plain(outcome.given), "correct": outcome.correct,
            "mistake": outcome.mistake, "seconds": round(outcome.seconds, 2)}


def remember(state: dict, outcome: Outcome, at: datetime, source: str = "drill", save=store.save) -> None:
    """Schedule the answer's family (and mistake) and keep it in the history; saved at once."""
    schedule.review(state, outcome.question.kind, outcome.correct, outcome.seconds, outcome.mistake, at)
    state["answers"].append({"at": at.isoformat(timespec="seconds"), "kind": outcome.question.kind,
                             "correct": outcome.correct, "seconds": round(outcome.seconds, 2),
                             "mistake": outcome.mistake, "source": source})
    save(state)


def run(kinds: tuple[str, ...], count: int, seed: int | None, io: Io) -> list[dict]:
    """Ask up to `count` questions; the transcript of those answered."""
    state = store.load() if io.save is store.save else store.empty()
    questions = seeded(seed, kinds, count) if seed is not None else scheduled(state, kinds, count, io)
    transcript, right = [], 0
    for number, question in enumerate(questions, 1):
        outcome = ask(question, number, count, io)
        if outcome is None:
            break
        remember(state, outcome, io.today(), save=io.save)
        transcript.append(transcript_entry(outcome))
        right += outcome.correct
    if transcript:
        print(f"\n{right}/{len(transcript)} right. " + coming_up(state, io.today(), kinds), file=io.out)
    return transcript


def coming_up(state: dict, at: datetime, kinds=KINDS) -> str:
    waiting = schedule.due(state, at + timedelta(days=1), kinds)
    if not waiting:
        return "Nothing due in the next day."
    families = sorted({kind for _, kind, _ in waiting})
    return f"Due within a day: {', '.join(families)}. Run `{grader('drill')}` again then."
