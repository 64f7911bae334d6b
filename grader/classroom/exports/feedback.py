"""students/<id>/feedback.md: the learner's report, with the messages `check` shows.

A missing exercise is said once, with the file that was expected; a message that explains
several checks of an exercise (its file could not be imported, it ran out of time) is said once
for all of them. Adjustments and lateness are shown beside the grader's own score.
"""

from __future__ import annotations

from grader.catalog import load
from grader.classroom.lateness import late_text
from grader.escape import markdown, markdown_block


def render(record: dict) -> str:
    lines = [f"# Feedback for {markdown(record['student'])}", ""]
    if record["status"] == "not graded":
        return "\n".join(lines + ["Not graded yet: the grading run stopped before this submission.", ""])
    if record["status"] == "infra_error":
        return "\n".join(lines + ["Not graded: the grader itself failed on this submission (not your mistake). "
                                  "Your instructor will grade it again.", ""])
    inputs = f"inputs seed {record['seed']}" if record.get("seed") is not None else "inputs drawn from each file's content"
    lines += [f"Score: **{record['score']:g} / {record['max_score']:g}** (graded on {record['device']}, {inputs})", ""]
    lines += _adjustments(record) + _lateness(record)
    if record["status"] == "missing":
        expected = ", ".join(f"`{ex['name']}.py`" for ex in record["exercises"])
        lines += ["Nothing was handed in: no file of any exercise was found. Expected: " + expected +
                  " (or the exercise notebooks).", ""]
        return _extras(lines, record)
    lines += ["| Exercise | Status | Checks passed | Points |", "|---|---|---|---|"]
    for ex in record["exercises"]:
        passed = sum(t["status"] == "passed" for t in ex["tests"])
        checks = "–" if ex["status"] == "missing" else f"{passed} / {len(ex['tests'])}"
        lines.append(f"| {ex['name']} | {ex['status']} | {checks} | {_points(ex)} |")
    for ex in record["exercises"]:
        failing = [t for t in ex["tests"] if t["status"] != "passed"]
        if not failing and ex["tests"]:
            continue
        entry = load().get(ex["name"])
        lines += ["", f"## {ex['name']}: {entry.title}", ""]
        if ex["status"] == "missing":
            reason = next((t["message"] for t in failing if not t.get("hidden")), "")
            lines += [f"Missing: expected `{ex['name']}.py`, and no such file was handed in.", ""]
            if reason and f"There is no {ex['name']}.py in" not in reason:  # more to say: a file under another name
                lines += [*markdown_block(reason), ""]
            continue
        for names, message in _grouped(failing, len(ex["tests"])):
            lines += [f"**{markdown(names)}**", "", *markdown_block(message), ""]
        if ex.get("output"):
            lines += ["Your code printed (first lines):", "",
                      *markdown_block("\n".join(ex["output"].splitlines()[:20])), ""]
        if entry.hints:
            lines += [f"Hint: {entry.hints[0]}", ""]
    return _extras(lines, record)


def _points(ex: dict) -> str:
    own = ex.get("grader_score")
    changed = f" (grader: {own:g})" if own is not None and own != ex["score"] else ""
    return f"{ex['score']:g} / {ex['max_score']:g}{changed}"


def _adjustments(record: dict) -> list[str]:
    if not record.get("adjustments"):
        return []
    lines = [f"The grader's score was {record['grader_score']:g}; your instructor adjusted it:", ""]
    for change in record["adjustments"]:
        where = change["exercise"] or "total"
        comment = f": {markdown(change['comment'])}" if change["comment"] else ""
        lines.append(f"- {where}: {change['adjustment']} ({change['points']:+g} points){comment}")
    return lines + [""]


def _lateness(record: dict) -> list[str]:
    if not record.get("submitted"):
        return []
    late = late_text(record.get("late_seconds"))
    return [f"Submitted {markdown(record['submitted'])} UTC" + (f", {late}." if late else "."), ""]


def _grouped(failing: list[dict], total: int) -> list[tuple[str, str]]:
    """(the checks, their message) per distinct message, in the order they first failed."""
    groups: dict[str, list[str]] = {}
    for test in failing:
        groups.setdefault(test["message"], []).append(test["name"])
    out = []
    for message, names in groups.items():
        if len(names) == 1:
            out.append((names[0], message))
        elif len(names) == total:
            out.append((f"All {total} checks", message))
        else:
            out.append((f"{len(names)} checks: {', '.join(names)}", message))
    return out


def _extras(lines: list[str], record: dict) -> str:
    if record.get("extra_files"):
        shown = ", ".join(markdown(name) for name in record["extra_files"][:20])
        more = f" and {len(record['extra_files']) - 20} more" if len(record["extra_files"]) > 20 else ""
        lines += ["", f"Handed in but not graded: {shown}{more}.", ""]
    return "\n".join(lines).rstrip() + "\n"
