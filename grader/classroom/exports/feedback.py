"""students/<id>/feedback.md: the learner's report, with the messages `check` shows."""

from __future__ import annotations

from grader.catalog import load
from grader.escape import markdown, markdown_block


def render(record: dict) -> str:
    lines = [f"# Feedback for {markdown(record['student'])}", ""]
    if record["status"] == "not graded":
        return "\n".join(lines + ["Not graded yet: the grading run stopped before this submission.", ""])
    if record["status"] == "infra_error":
        return "\n".join(lines + ["Not graded: the grader itself failed on this submission (not your mistake). "
                                  "Your instructor will grade it again.", ""])
    inputs = f"inputs seed {record['seed']}" if record.get("seed") is not None else "inputs drawn from each file's content"
    lines += [f"Score: **{record['score']:g} / {record['max_score']:g}** (graded on {record['device']}, {inputs})", "",
              "| Exercise | Checks passed | Points |", "|---|---|---|"]
    for ex in record["exercises"]:
        passed = sum(t["status"] == "passed" for t in ex["tests"])
        lines.append(f"| {ex['name']} | {passed} / {len(ex['tests'])} | {ex['score']:g} / {ex['max_score']:g} |")
    for ex in record["exercises"]:
        failing = [t for t in ex["tests"] if t["status"] != "passed"]
        if not failing and ex["tests"]:
            continue
        entry = load().get(ex["name"])
        lines += ["", f"## {ex['name']}: {entry.title}", ""]
        for test in failing:
            lines += [f"**{markdown(test['name'])}**", "", *markdown_block(test["message"]), ""]
        if ex.get("output"):
            lines += ["Your code printed (first lines):", "",
                      *markdown_block("\n".join(ex["output"].splitlines()[:20])), ""]
        if entry.hints:
            lines += [f"Hint: {entry.hints[0]}", ""]
    if record.get("extra_files"):
        shown = ", ".join(markdown(name) for name in record["extra_files"][:20])
        more = f" and {len(record['extra_files']) - 20} more" if len(record["extra_files"]) > 20 else ""
        lines += ["", f"Handed in but not graded: {shown}{more}.", ""]
    return "\n".join(lines).rstrip() + "\n"
