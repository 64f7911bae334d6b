"""The command line: bad input exits 2 with a message that helps; hints come one more at a time."""

from __future__ import annotations

from grader.catalog import load


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
