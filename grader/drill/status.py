"""The drills' part of `python -m grader status`: what is due, and accuracy and speed per topic over time.

Kept apart from the exercise status so that command calls one function; it reads the drill
state only (no torch), and says nothing to a learner who never drilled.
"""

from __future__ import annotations

import statistics
import sys
from datetime import datetime, timedelta

from grader.commands import grader
from grader.drill import store
from grader.drill.question import KINDS

WEEK = timedelta(days=7)


def lines(at: datetime | None = None) -> list[str]:
    state = store.load() if store.path().exists() else None
    if not state or not state["answers"]:
        return []
    from grader.drill import schedule  # the scheduler's library, only for a learner who drills

    at = at or schedule.now()
    waiting = schedule.due(state, at)
    families = sorted({kind for _, kind, _ in waiting}, key=KINDS.index)
    slips = [name.split(":", 2)[2] for name, _, _ in waiting if name.startswith(schedule.MISTAKE)]
    if families:
        head = f"Drills due now: {', '.join(families)}" + (f" (your mistakes to review: {', '.join(slips)})" if slips else "")
        head += f". Next: {grader('drill')}"
    else:
        head = "Drills: nothing due now."
    rows = [head, f"  {'topic':<16} {'answers':>7} {'right':>6} {'this week':>9} {'before':>7} {'median time':>11}"]
    for kind in KINDS:
        mine = [a for a in state["answers"] if a.get("kind") == kind]
        if not mine:
            continue
        recent = [a for a in mine if datetime.fromisoformat(a["at"]) > at - WEEK]
        older = [a for a in mine if a not in recent]
        rows.append(f"  {kind:<16} {len(mine):>7} {_rate(mine):>6} {_rate(recent):>9} {_rate(older):>7} "
                    f"{statistics.median(a['seconds'] for a in mine):>9.0f} s")
    interviews = state.get("interviews", [])
    if interviews:
        last = interviews[-1]
        rows.append(f"  Last mock interview: {last.get('at', '?')}, score {last.get('score', '?')}.")
    return rows


def _rate(answers: list[dict]) -> str:
    return f"{100 * sum(a['correct'] for a in answers) / len(answers):.0f}%" if answers else "-"


def show(out=None) -> None:
    """Print the drill lines after a blank line, or nothing for a learner who never drilled."""
    found = lines()
    if found:
        print("", *found, sep="\n", file=out or sys.stdout)
