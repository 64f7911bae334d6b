"""The learner's progress: what each exercise's last check said, and of which content, kept between commands.

One small JSON file in the kit's git-ignored state folder (never in the learner's own
folder), keyed by workspace: `check` and `watch` record each exercise they graded with a
digest of the file they graded, `reset` forgets it, `status` and `solution` read it. A verdict
is shown only while the file still holds the content it was given for: an edit, a reset or a
restored backup since then reads "changed since last check", so status never vouches for a file
it has not seen. (Same content, same verdict: shared/DESIGN.md, principle 9.)

Each exercise's row is an `ExerciseState`; new columns (a drill's due date, say) belong there.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from grader import atomic
from grader.catalog import load
from grader.paths import STATE

PASS, FAIL, CHANGED, UNCHECKED = "pass", "fail", "changed since last check", "not checked yet"


@dataclass(frozen=True)
class ExerciseState:
    name: str
    state: str  # PASS, FAIL (for the file as it is now), CHANGED or UNCHECKED
    score: float  # of the last check, whatever the file holds now (0 if never checked)
    max_score: float
    last: str | None = None  # PASS or FAIL: what the last check said, also once the file changed

    @property
    def passed(self) -> bool:
        return self.state == PASS


def _file() -> Path:
    return STATE / "progress.json"


def _read() -> dict:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(data: dict) -> None:
    atomic.write_text(_file(), json.dumps(data, indent=1, sort_keys=True))


def _key(workspace: Path) -> str:
    return str(Path(workspace).resolve())


def digest(text: str | bytes | None) -> str | None:
    """What identifies a file's content: the grader reads files as UTF-8, so text and its bytes agree."""
    if text is None:
        return None
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def _on_disk(workspace: Path, exercise: str) -> str | None:
    try:
        return digest((Path(workspace) / f"{exercise}.py").read_bytes())
    except OSError:
        return None


def record(workspace: Path, result, files: dict[str, str] | None = None) -> None:
    """Remember each exercise the result graded (a check of one exercise updates only that one), with the
    digest of the text it graded (`files`, as the submission read them; else the file as it is now)."""
    data = _read()
    entry = data.setdefault(_key(workspace), {})
    for exercise in result.exercises:
        if getattr(exercise, "status", None) == "not graded":
            continue
        text = (files or {}).get(f"{exercise.name}.py")
        entry[exercise.name] = {"passed": exercise.passed, "score": exercise.score, "max_score": exercise.max_score,
                                "at": round(time.time()),
                                "sha256": digest(text) if files is not None else _on_disk(workspace, exercise.name)}
    _write(data)


def record_unrunnable(workspace: Path, exercise: str, max_score: float, text: str | None = None) -> None:
    """An exercise whose file cannot run (it does not parse) does not pass."""
    data = _read()
    data.setdefault(_key(workspace), {})[exercise] = {
        "passed": False, "score": 0.0, "max_score": max_score, "at": round(time.time()),
        "sha256": digest(text) if text is not None else _on_disk(workspace, exercise)}
    _write(data)


def forget(workspace: Path, exercise: str) -> None:
    """The exercise starts over (reset): no verdict until its next check."""
    data = _read()
    if data.get(_key(workspace), {}).pop(exercise, None) is not None:
        _write(data)


def started(workspace: Path) -> bool:
    """Whether any check of this workspace has run (a reset since then does not undo that)."""
    return _key(workspace) in _read()


def of(workspace: Path) -> dict[str, dict]:
    return _read().get(_key(workspace), {})


def states(workspace: Path) -> list[ExerciseState]:
    """Every exercise of the course, in order, as it stands now."""
    known = of(workspace)
    rows = []
    for entry in load().exercises:
        seen = known.get(entry.name)
        if not isinstance(seen, dict):
            rows.append(ExerciseState(entry.name, UNCHECKED, 0.0, entry.points))
            continue
        last = PASS if seen.get("passed") else FAIL
        same = seen.get("sha256") is not None and seen.get("sha256") == _on_disk(workspace, entry.name)
        rows.append(ExerciseState(entry.name, last if same else CHANGED, float(seen.get("score", 0.0)),
                                  float(seen.get("max_score", entry.points)), last))
    return rows


def passed(workspace: Path, exercise: str) -> bool:
    """Whether the exercise's file, as it is now, passed its last check."""
    return any(row.name == exercise and row.passed for row in states(workspace))


def earned(workspace: Path, exercise: str) -> bool:
    """Whether the last check of the exercise passed, whatever the file holds since (its solution is earned)."""
    return any(row.name == exercise and row.last == PASS for row in states(workspace))


def course(workspace: Path) -> str:
    """`4/10 exercises, 43.5/110 points`: the whole course, counting only files as they were checked."""
    rows = states(workspace)
    done = [row for row in rows if row.passed]
    points = sum(row.score for row in rows if row.state in (PASS, FAIL))
    return f"{len(done)}/{len(rows)} exercises, {_pts(points)}/{_pts(sum(r.max_score for r in rows))} points"


def line(workspace: Path) -> str:
    """`4/10 exercises pass (1 changed since last check, 5 not checked yet); next: ex05_count_macs`."""
    rows = states(workspace)
    done = sum(row.passed for row in rows)
    text = f"{done}/{len(rows)} exercises pass"
    pending = [f"{count} {state}" for state in (CHANGED, UNCHECKED)
               if (count := sum(row.state == state for row in rows))]
    if pending:
        text += f" ({', '.join(pending)})"
    # next: the exercise being worked on (checked, not passing), else the first not started
    rest = sorted((row for row in rows if not row.passed), key=lambda row: row.state == UNCHECKED)
    return text + (f"; next: {rest[0].name}" if rest else "; all done")


def table(workspace: Path) -> str:
    rows = []
    for row in states(workspace):
        checked = row.state in (PASS, FAIL)
        mark = row.state.upper() if checked else "  - "
        points = f"{_pts(row.score) if checked else '-'}/{_pts(row.max_score)}"
        note = "" if checked else f"  {row.state}"
        if row.state == CHANGED:
            note += f" (it said {row.last.upper()}, {_pts(row.score)} points)"
        rows.append(f"  {mark}  {row.name:<30} {points:>9} points{note}")
    return "\n".join(rows)


def _pts(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"
