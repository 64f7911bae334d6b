"""The command line: bad input exits 2 with a message that helps; hints come one more at a time."""

from __future__ import annotations

import sys

from grader.catalog import load
from tests.conftest import REPO_ROOT


def test_unknown_exercise_exits_2_and_lists_the_exercises(grader_cli):
    done = grader_cli("check", "ex99_no_such_exercise")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "ex99_no_such_exercise" in done.stderr
    for exercise in load().exercises:
        assert exercise.name in done.stderr, f"{exercise.name} is not listed:\n{done.stderr}"
    assert "Traceback" not in done.stderr


def test_missing_workspace_exits_2(grader_cli, tmp_path):
    missing = tmp_path / "no_such_folder"
    done = grader_cli("check", "--workspace", str(missing))
    assert done.returncode == 2, done.stdout + done.stderr
    assert str(missing) in done.stderr and "Traceback" not in done.stderr


def test_hint_shows_the_first_hint_and_how_to_get_the_next(grader_cli):
    hints = load().get("ex03").hints
    done = grader_cli("hint", "3")
    assert done.returncode == 0, done.stderr
    assert f"Hint 1 of {len(hints)}: {hints[0]}" in done.stdout
    assert hints[1] not in done.stdout
    assert "python -m grader hint ex03 2" in done.stdout


def test_hint_with_a_count_shows_that_many(grader_cli):
    hints = load().get("ex03").hints
    two = grader_cli("hint", "3", "2").stdout
    assert f"Hint 1 of {len(hints)}: {hints[0]}" in two and f"Hint 2 of {len(hints)}: {hints[1]}" in two
    assert hints[2] not in two
    assert "python -m grader hint ex03 3" in two
    everything = grader_cli("hint", "ex03_output_size", str(len(hints))).stdout
    assert all(hint in everything for hint in hints)
    assert "Next hint" not in everything


def _failing(exercise: str, mistake: str | None):
    from grader.result import ExerciseResult, SubmissionResult, TestResult

    entry = load().get(exercise)
    test = TestResult("a_check", "failed", f"Likely mistake: {mistake}.", 0.0, entry.points, mistake=mistake)
    ex = ExerciseResult(entry.name, entry.title, "graded", 0.0, entry.points, [test])
    return SubmissionResult("graded", 0.0, entry.points, "cpu", None, "none", [ex])


def test_the_report_shows_the_hint_about_the_named_mistake():
    """"ceil instead of floor" is the subject of ex03's third hint: the report shows that one, not hint 1."""
    from grader.report import terminal

    entry = load().get("ex03")
    number = next(n for n, about in enumerate(entry.hint_mistakes, start=1) if "ceil instead of floor" in about)
    assert number > 1
    named = terminal.render(_failing("ex03", "ceil instead of floor"), "ws")
    assert f"Hint {number} of {len(entry.hints)}: {entry.hints[number - 1]}" in named
    unnamed = terminal.render(_failing("ex03", None), "ws")
    assert f"Hint 1 of {len(entry.hints)}: {entry.hints[0]}" in unnamed


def test_every_hint_names_only_mistakes_its_checks_can_name():
    """hint_mistakes in the catalog lists one entry per hint, each a mistake some check names."""
    import re

    checks = REPO_ROOT / "grader" / "checks"
    named = set(re.findall(r'"([^"\n]+)"', "\n".join(p.read_text() for p in checks.glob("*.py"))))
    for entry in load().exercises:
        assert len(entry.hint_mistakes) == len(entry.hints), f"{entry.name}: one list per hint"
        unknown = [m for about in entry.hint_mistakes for m in about if m not in named]
        assert not unknown, f"{entry.name}: no check names {unknown}"


def test_printed_commands_name_the_interpreter_in_use_and_the_workspace(tmp_path):
    from grader import commands

    command = commands.grader("check", "ex04", workspace=tmp_path)
    assert command.endswith(f"-m grader check ex04 --workspace {tmp_path}")
    assert command.split(" -m grader")[0] in (".venv/bin/python", sys.executable)
    from grader.cli import DEFAULT_WORKSPACE  # only named, never read: the default workspace goes unsaid

    assert "--workspace" not in commands.grader("check", "ex04", workspace=REPO_ROOT / DEFAULT_WORKSPACE)


def test_a_named_mistake_points_to_the_hint_about_it():
    """The message's `Next:` line and the report's hint agree: both come from the catalog's hint_mistakes."""
    import pytest

    from grader.checks.compare import Mistake
    from grader.checks.submission import CheckFailed
    from grader.checks.teach import reject

    entry = load().get("ex03")
    number = entry.hint_for(["ceil instead of floor"])
    with pytest.raises(CheckFailed) as failed:
        reject("conv_output_size(7, 2, 2)", "Got: an int 4", [], "ex03", 1,
               [Mistake("ceil instead of floor", "Use //.", lambda: 4)])
    assert str(failed.value).splitlines()[-1].endswith(f"-m grader hint ex03 {number}") and number > 1
