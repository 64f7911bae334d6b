"""`status` is always true (issue 22): a verdict is shown only for the file it was given for; reset
forgets it, asks first when the exercise passes; restore brings a saved copy back, saving the current
file first; a file changed since its check, or never checked, says so."""

from __future__ import annotations

import shutil
import subprocess
import sys

from grader.derive import BEGIN, END
from tests.conftest import PYTHON, REPO_ROOT, derived_stubs

SOLUTIONS = REPO_ROOT / "solutions"
EX05 = "ex05_count_macs"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "grader", *args], cwd=REPO_ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120)


def row(status: str, name: str) -> str:
    return next(line for line in status.splitlines() if f" {name} " in line)


def test_status_follows_checks_edits_resets_and_restores(tmp_path):
    workspace = derived_stubs(tmp_path / "ws")
    ws = ("--workspace", str(workspace))
    mine = workspace / f"{EX05}.py"
    shutil.copy(SOLUTIONS / f"{EX05}.py", mine)
    checked = mine.read_text()
    assert run("check", "ex05", *ws).returncode == 0  # the one check of this test: the rest is status's reading
    status = run("status", *ws).stdout
    assert row(status, EX05).split()[:3] == ["PASS", EX05, "5/5"]
    assert "not checked yet" in row(status, "ex01_conv_relu_layer")
    assert "1/10 exercises pass (9 not checked yet)" in status  # not "0/10 ... next: ex01" as if all failed

    mine.write_text(checked + "\n# thinking\n")  # an edit since the check: no verdict for it yet
    status = run("status", *ws).stdout
    assert "changed since last check" in row(status, EX05) and not row(status, EX05).strip().startswith("PASS")
    assert "0/10 exercises pass (1 changed since last check, 9 not checked yet)" in status
    mine.write_text(checked)  # the checked content, copied back by hand: its verdict holds again
    assert row(run("status", *ws).stdout, EX05).split()[0] == "PASS"

    asked = run("reset", "ex05", *ws)  # it passes: reset asks, and no answer is a no
    assert asked.returncode == 1 and "[y/N]" in asked.stdout and mine.read_text() == checked
    assert row(run("status", *ws).stdout, EX05).split()[0] == "PASS"
    reset = run("reset", "ex05", "--yes", *ws)
    assert reset.returncode == 0 and "[y/N]" not in reset.stdout, reset.stdout + reset.stderr
    assert "raise NotImplementedError" in mine.read_text()
    assert "not checked yet" in row(run("status", *ws).stdout, EX05)

    listed = run("restore", "ex05", *ws)
    assert listed.returncode == 0 and "  1  " in listed.stdout and "reset" in listed.stdout
    restored = run("restore", "ex05", "1", *ws)
    assert restored.returncode == 0, restored.stderr
    assert mine.read_text() == checked and "Saved your current" in restored.stdout  # the stub is saved too
    assert "not checked yet" in row(run("status", *ws).stdout, EX05)  # reset forgot; no check since


def test_reset_asks_and_takes_only_a_yes(monkeypatch, capsys):
    import io

    from grader.learner.reset import confirm

    for answer, meant in (("y\n", True), ("yes\n", True), ("n\n", False), ("\n", False), ("", False)):
        monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
        assert confirm("Reset? [y/N] ") is meant, answer
    assert "Reset? [y/N]" in capsys.readouterr().out


def test_restore_of_an_unknown_backup_exits_2_and_loses_nothing(tmp_path):
    workspace = derived_stubs(tmp_path / "ws")
    before = (workspace / f"{EX05}.py").read_text()
    (workspace / f"{EX05}.py").write_text(before + "# mine\n")
    assert run("reset", "ex05", "--workspace", str(workspace)).returncode == 0
    done = run("restore", "ex05", "999", "--workspace", str(workspace))
    assert done.returncode == 2 and "Traceback" not in done.stderr and "restore ex05" in done.stderr
    assert (workspace / f"{EX05}.py").read_text() == before


def test_the_solution_is_shown_without_the_kits_markers(tmp_path):
    workspace = derived_stubs(tmp_path / "ws")
    shown = run("solution", "ex05", "--reveal", "--workspace", str(workspace), stdin="show\n")
    assert shown.returncode == 0 and "macs_per_output" in shown.stdout
    assert BEGIN not in shown.stdout and END not in shown.stdout and "SOLUTION" not in shown.stdout
