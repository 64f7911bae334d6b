"""OUT/<student>/feedback.md: the learner-facing report, with the messages `check` shows."""

from __future__ import annotations

from pathlib import Path

from grader.catalog import load
from grader.results import GradeResult, StudentResult


def render(result: GradeResult, student: StudentResult) -> str:
    lines = [f"# Feedback for {student.student}", "",
             f"Score: **{student.score:g} / {student.max_score:g}** (graded on {result.device}, inputs seed {result.seed})", "",
             "| Exercise | Checks passed | Points |", "|---|---|---|"]
    for ex in student.exercises:
        passed = sum(t.status == "passed" for t in ex.tests)
        lines.append(f"| {ex.name} | {passed} / {len(ex.tests)} | {ex.score:g} / {ex.max_score:g} |")
    for ex in student.exercises:
        if ex.passed:
            continue
        entry = load().get(ex.name)
        lines += ["", f"## {ex.name}: {entry.title}", ""]
        for test in ex.tests:
            if test.status != "passed":
                lines += [f"**{test.name}**", "", "```text", test.message.replace("```", "'''"), "```", ""]
        if student.output.get(ex.name):
            lines += ["Your code printed (first lines):", "", "```text",
                      *student.output[ex.name].replace("```", "'''").splitlines()[:20], "```", ""]
        if entry.hints:
            lines += [f"Hint: {entry.hints[0]}", ""]
    return "\n".join(lines).rstrip() + "\n"


def write(result: GradeResult, student: StudentResult, folder: Path) -> None:
    (folder / "feedback.md").write_text(render(result, student), encoding="utf-8")
