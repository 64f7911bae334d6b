"""What an instructor chose for a bundle: the exercises and the hidden checks, checked at once.

A mistake here (an unknown exercise, a hidden check that does not load) is the instructor's
to fix before anything is uploaded, so it stops the command with a sentence, never a bundle
that fails on the first student.
"""

from __future__ import annotations

from pathlib import Path

from grader.catalog import load


class BadChoice(ValueError):
    """The command's options cannot make a bundle; the message says why."""


def exercises(option: str | None) -> tuple[str, ...]:
    """The catalog's exercises named by --exercises (e.g. "ex01,ex02" or "1,2"), in the catalog's order."""
    catalog = load()
    if not option:
        return tuple(e.name for e in catalog.exercises)
    try:
        named = {catalog.get(part).name for part in option.split(",") if part.strip()}
    except KeyError as exc:
        raise BadChoice(exc.args[0]) from None
    if not named:
        raise BadChoice("--exercises names no exercise")
    return tuple(e.name for e in catalog.exercises if e.name in named)


def hidden_checks(option: str | None, chosen: tuple[str, ...]) -> list[Path]:
    """The hidden check modules of the chosen exercises in --hidden, each loaded once to prove it loads."""
    if not option:
        return []
    folder = Path(option)
    if not folder.is_dir():
        raise BadChoice(f"--hidden {option} is not a folder")
    from grader.engine.suite import BrokenChecks, hidden

    try:
        modules = hidden(str(folder.resolve()))
    except BrokenChecks as exc:
        raise BadChoice(str(exc)) from None
    return [m.path for m in modules if m.exercise in chosen]
