"""The class's common mistakes: each named mistake the grader diagnosed, with who made it where.

A student counts once per mistake and exercise, however many checks named it: "padding missing: 23
students in ex01" means 23 people to reach, not 23 failed checks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CommonMistake:
    name: str
    by_exercise: dict[str, list[str]]  # exercise -> students, in catalog order

    @property
    def students(self) -> int:
        """Distinct students who made it in any exercise."""
        return len({s for group in self.by_exercise.values() for s in group})


def common_mistakes(records: list[dict], exercise_order: list[str]) -> list[CommonMistake]:
    """Most widespread first (by distinct students, then by name)."""
    found: dict[str, dict[str, set[str]]] = {}
    for record in records:
        for result in record.get("exercises", []):
            if result.get("name") not in exercise_order:
                continue
            for test in result.get("tests", []):
                name = test.get("mistake")
                if isinstance(name, str) and name.strip():
                    found.setdefault(name.strip(), {}).setdefault(result["name"], set()).add(record["student"])
    rank = {name: i for i, name in enumerate(exercise_order)}
    mistakes = [CommonMistake(name, {e: sorted(by[e]) for e in sorted(by, key=rank.__getitem__)})
                for name, by in found.items()]
    return sorted(mistakes, key=lambda m: (-m.students, m.name))
