"""The exercise catalog (catalog.toml) as typed, read-only data."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from grader.paths import CATALOG


@dataclass(frozen=True)
class Rule:
    check: str  # "forbidden", "no_loops", "no_torch" or "test:<check name>"
    says: str  # the docstring's sentence, word for word


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    summary: str
    points: float
    forbidden: tuple[str, ...]
    hints: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    hint_mistakes: tuple[tuple[str, ...], ...] = ()  # per hint: the named mistakes it is about

    def hint_about(self, mistakes) -> int | None:
        """The number (from 1) of the first hint about one of these named mistakes; None when none is."""
        for mistake in mistakes:
            for number, about in enumerate(self.hint_mistakes, start=1):
                if mistake in about:
                    return number
        return None

    def hint_for(self, mistakes) -> int:
        """The hint to show first for these named mistakes: the one about them, else hint 1."""
        return self.hint_about(mistakes) or 1

    @property
    def number(self) -> str:
        return self.name.split("_", 1)[0]  # "ex07"


@dataclass(frozen=True)
class Catalog:
    exercises: tuple[Exercise, ...]
    tolerances: dict
    limits: dict

    def get(self, name: str) -> Exercise:
        """Find an exercise by full name, number ("ex07" or "7") or unique prefix."""
        wanted = name.strip().removesuffix(".py").lower()
        if wanted.isdigit():
            wanted = f"ex{int(wanted):02d}"
        matches = [e for e in self.exercises if e.name == wanted or e.name.startswith(wanted)]
        if len(matches) != 1:
            known = ", ".join(e.name for e in self.exercises)
            raise KeyError(f"no single exercise matches {name!r}; the exercises are: {known}")
        return matches[0]

    def tolerance(self, device_type: str) -> dict:
        return dict(self.tolerances.get(device_type, self.tolerances["cpu"]))


@functools.cache
def load() -> Catalog:
    with open(CATALOG, "rb") as f:
        data = tomllib.load(f)
    exercises = tuple(
        Exercise(e["name"], e["title"], e["summary"], float(e["points"]), tuple(e["forbidden"]), tuple(e["hints"]),
                 tuple(Rule(r["check"], r["says"]) for r in e.get("rules", ())),
                 tuple(tuple(about) for about in e.get("hint_mistakes", ())))
        for e in data["exercise"]
    )
    return Catalog(exercises, data["tolerances"], data["limits"])
