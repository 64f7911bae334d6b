"""The learner's progress: which exercises passed at their last check, kept between commands.

One small JSON file in the kit's git-ignored state folder (never in the learner's own
folder), keyed by workspace: `python -m grader status` reads it, `check` and `watch`
update it, `solution` asks it whether an exercise has passed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from grader import atomic
from grader.catalog import load
from grader.paths import STATE


def _file() -> Path:
    return STATE / "progress.json"


def _read() -> dict:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _key(workspace: Path) -> str:
    return str(Path(workspace).resolve())


def record(workspace: Path, result) -> None:
    """Remember each exercise the result graded (a check of one exercise updates only that one)."""
    data = _read()
    entry = data.setdefault(_key(workspace), {})
    for exercise in result.exercises:
        entry[exercise.name] = {"passed": exercise.passed, "score": exercise.score,
                                "max_score": exercise.max_score, "at": round(time.time())}
    atomic.write_text(_file(), json.dumps(data, indent=1, sort_keys=True))


def record_unrunnable(workspace: Path, exercise: str, max_score: float) -> None:
    """An exercise whose file cannot run (it does not parse) does not pass."""
    data = _read()
    data.setdefault(_key(workspace), {})[exercise] = {"passed": False, "score": 0.0, "max_score": max_score,
                                                      "at": round(time.time())}
    atomic.write_text(_file(), json.dumps(data, indent=1, sort_keys=True))


def of(workspace: Path) -> dict[str, dict]:
    return _read().get(_key(workspace), {})


def passed(workspace: Path, exercise: str) -> bool:
    return bool(of(workspace).get(exercise, {}).get("passed"))


def line(workspace: Path) -> str:
    """`4/10 exercises pass; next: ex05_count_macs`."""
    names = [e.name for e in load().exercises]
    known = of(workspace)
    done = [n for n in names if known.get(n, {}).get("passed")]
    rest = [n for n in names if n not in done]
    text = f"{len(done)}/{len(names)} exercises pass"
    return text + (f"; next: {rest[0]}" if rest else "; all done")


def table(workspace: Path) -> str:
    known = of(workspace)
    rows = []
    for entry in load().exercises:
        state = known.get(entry.name)
        mark = "PASS" if state and state["passed"] else ("FAIL" if state else "  - ")
        points = f"{state['score']:g}/{state['max_score']:g}" if state else f"-/{entry.points:g}"
        rows.append(f"  {mark}  {entry.name:<30} {points:>9} points")
    return "\n".join(rows)
