"""The check cell's side: grade the answer cells this kernel ran, as `python -m grader check` would.

check() recovers the code from IPython's input history (the cells as they were run, so it
grades what the kernel holds, saved or not), writes it as exNN_name.py into a temporary
workspace, and grades it in a fresh process (grader.notebooks.runner), where the sandbox
isolates it as usual. It prints the report and returns the score: nbgrader awards a test
cell's numeric value as partial credit, so nbgrader's points equal the kit's, check by
check. Nothing here writes to stderr: nbgrader gives 0 points to a test cell that does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from grader.catalog import load
from grader.notebooks import answers, hidden, runner
from grader.notebooks.exercise_files import asked_names

RUN_TIMEOUT_S = 300  # torch's import and every check of the slowest exercise, with room to spare


def check(exercise: str) -> float:
    """Grade this exercise's answer cells with the kit's checks; print the report, return the score."""
    return _grade(exercise, hidden_dir=None)


def check_with_hidden(exercise: str) -> float:
    """The same, plus the instructor's hidden checks (their failures are reported masked)."""
    return _grade(exercise, hidden_dir=hidden.folder())


def _grade(exercise: str, hidden_dir: Path | None) -> float:
    entry = load().get(exercise)
    code = answers.from_history(_history(), asked_names(entry.name))
    if not code.strip():
        print(f"No answer cell of {entry.name} has run in this kernel yet: run the cells above, then this one.")
        return 0.0
    with tempfile.TemporaryDirectory(prefix="cnn-notebook-") as tmp:
        workspace = Path(tmp) / "workspace"
        workspace.mkdir()
        (workspace / f"{entry.name}.py").write_text(code, encoding="utf-8")
        command = [sys.executable, "-m", "grader.notebooks.runner", "--workspace", str(workspace),
                   "--exercise", entry.name]
        if hidden_dir is not None:
            command += ["--hidden", str(hidden_dir)]
        # cwd: a folder of our own, so a student's grader.py or torch.py cannot shadow the kit's.
        done = subprocess.run(command, cwd=tmp, capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    answer = _last_json_line(done.stdout)
    if answer is None or "error" in answer:
        crash = runner.HIDDEN_BROKE if hidden_dir else (done.stderr or done.stdout)[-2000:]  # no hidden source
        detail = answer["error"] if answer else crash
        print(f"The grader could not run (exit status {done.returncode}):\n{detail}")
        raise RuntimeError("the kit's grader could not run; see the message above")
    print(answer["report"], end="")
    return float(answer["score"])


def _history() -> list[str]:
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is None:
        raise RuntimeError("check() grades the cells run in a notebook's kernel; "
                           "outside Jupyter, use: python -m grader check")
    return list(shell.history_manager.input_hist_raw)


def _last_json_line(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    return None
