"""The learner's path where the system offers none of Linux's sandbox facilities (as on a Mac).

CNN_KIT_POSIX_ONLY=1 (README, "What isolation protects") makes pidfd, prctl, namespaces,
Landlock, seccomp, cgroups and /proc unavailable to the grader and to its fork server. A
correct, a wrong, a crashing and a hanging submission then get the verdicts the full sandbox
gives them, graded by `python -m grader check` and by an Engine in this interpreter; watch,
status, reset, solution and hint work; the report says the walls were POSIX's. The class
path refuses to grade without its walls unless told --unconfined.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.sandbox import facilities
from tests.conftest import PYTHON, REPO_ROOT, SUBMISSIONS, derived_stubs

SOLUTIONS = REPO_ROOT / "solutions"
SWITCH = {facilities.POSIX_ONLY_ENV: "1"}
TIMEOUT_S = "2"  # the hanging case costs this much
# One of each kind of submission, each in the exercise it was written for.
CASES = {
    "ex01": ("wrong", SUBMISSIONS / "ex01_padding_missing"),
    "ex02": ("crashing", SUBMISSIONS / "ex02_os_exit_at_import"),
    "ex03": ("hanging", SUBMISSIONS / "ex03_infinite_loop"),
    "ex04": ("correct", SOLUTIONS),
}


def _env(posix: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", facilities.POSIX_ONLY_ENV)}
    return {**env, **SWITCH} if posix else env


def learner(*args: str, posix: bool) -> subprocess.CompletedProcess:
    """`python -m grader ARGS` from the kit's folder, with or without the switch."""
    return subprocess.run([PYTHON, "-m", "grader", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=180, env=_env(posix))


def both_ways(args: Callable[[bool], list[str]]) -> dict[bool, subprocess.CompletedProcess]:
    """{posix: the run}: `python -m grader args(posix)` with and without the switch, at the same time."""
    started = {posix: subprocess.Popen([PYTHON, "-m", "grader", *args(posix)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True, env=_env(posix))
               for posix in (False, True)}
    done = {}
    try:
        for posix, process in started.items():
            out, err = process.communicate(timeout=180)
            done[posix] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return done


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("posix-ws")
    for exercise, (_, source) in CASES.items():
        for file in source.glob(f"{exercise}_*.py"):
            shutil.copy(file, folder)
    return folder


@pytest.fixture(scope="module")
def checked(workspace) -> dict[bool, dict]:
    """{posix: the --json report}: the workspace checked with the full sandbox and with the switch."""
    runs = both_ways(lambda _: ["check", *CASES, "--workspace", str(workspace), "--timeout", TIMEOUT_S, "--json"])
    for done in runs.values():
        assert done.returncode == 1, done.stdout + done.stderr  # a wrong answer: 1, never a grader error
    return {posix: json.loads(done.stdout) for posix, done in runs.items()}


@pytest.fixture(scope="module")
def full(checked) -> dict:
    return checked[False]


@pytest.fixture(scope="module")
def posix(checked) -> dict:
    return checked[True]


def verdicts(report: dict) -> dict:
    """Everything a learner reads of the grade, but which walls held."""
    return {e["name"]: (e["score"], e["max_score"], [(t["name"], t["status"], t["message"]) for t in e["tests"]])
            for e in report["exercises"]}


def test_check_gives_the_full_sandboxs_verdicts_without_any_linux_facility(full, posix):
    assert verdicts(posix) == verdicts(full)
    assert (posix["score"], posix["max_score"]) == (full["score"], full["max_score"])
    scores = {e["name"][:4]: e["score"] for e in posix["exercises"]}
    assert scores["ex04"] == 10 and scores["ex01"] < 10 and scores["ex02"] == 0 and scores["ex03"] == 0
    hanging = next(e for e in posix["exercises"] if e["name"].startswith("ex03"))
    assert any(TIMEOUT_S in t["message"] for t in hanging["tests"]), hanging  # ended by the deadline


def test_the_report_says_which_walls_held(full, posix):
    assert posix["isolation"].startswith("POSIX fallback (CNN_KIT_POSIX_ONLY=1): own session and process group")
    for wall in ("no memory cgroup", "no namespaces", "no landlock", "no seccomp"):
        assert f"{wall} (CNN_KIT_POSIX_ONLY=1)" in posix["isolation"], posix["isolation"]
    if facilities.seccomp() and facilities.landlock():  # this system's full sandbox has them
        assert "POSIX fallback" not in full["isolation"] and "landlock abi" in full["isolation"]


def test_an_engine_in_this_interpreter_gives_the_same_verdicts(workspace, full, monkeypatch):
    from grader.engine.engine import Engine, Settings
    from grader.report import json_report
    from grader.submission import from_folder

    monkeypatch.setenv(facilities.POSIX_ONLY_ENV, "1")  # read here, and inherited by the fork server
    names = tuple(e["name"] for e in full["exercises"])
    engine = Engine(Settings(device=full["device"], exercises=names, timeout_s=float(TIMEOUT_S)))
    try:
        result = engine.grade(from_folder("workspace", workspace, list(engine.settings.exercises)))
    finally:
        engine.close()
    report = json_report.student_json(result)
    assert verdicts(report) == verdicts(full)
    assert report["isolation"].startswith("POSIX fallback (CNN_KIT_POSIX_ONLY=1)")


def test_status_solution_reset_and_hint_work_without_linux_facilities(workspace, posix, tmp_path):
    from grader import progress

    status = learner("status", "--workspace", str(workspace), posix=True)
    assert status.returncode == 0 and progress.line(workspace) in status.stdout, status.stdout + status.stderr
    shown = learner("solution", "ex04", "--workspace", str(workspace), posix=True)
    from grader.learner.solution import clean

    assert shown.returncode == 0 and clean((SOLUTIONS / "ex04_count_parameters.py").read_text()) in shown.stdout
    hidden = learner("solution", "ex01", "--workspace", str(workspace), posix=True)
    assert hidden.returncode == 1 and "--reveal" in hidden.stdout
    hint = learner("hint", "ex03", posix=True)
    assert hint.returncode == 0 and "Hint 1 of" in hint.stdout
    own = tmp_path / "own"
    shutil.copytree(workspace, own)
    reset = learner("reset", "ex01", "--workspace", str(own), posix=True)
    assert reset.returncode == 0, reset.stdout + reset.stderr
    stub = derived_stubs(tmp_path / "stubs") / "ex01_conv_relu_layer.py"
    assert (own / "ex01_conv_relu_layer.py").read_text() == stub.read_text()
    for done in (status, shown, hidden, hint, reset):
        assert "Traceback" not in done.stdout + done.stderr


def test_watch_rechecks_a_save_without_linux_facilities(tmp_path, monkeypatch):
    from tests.test_watch import Watch

    monkeypatch.setenv(facilities.POSIX_ONLY_ENV, "1")  # Watch passes this environment on
    workspace = derived_stubs(tmp_path / "ws")
    running = Watch(workspace)
    try:
        first = running.wait_for(1)
        assert "0/10 exercises pass" in first and "POSIX fallback" in first
        time.sleep(0.5)
        shutil.copy(SOLUTIONS / "ex01_conv_relu_layer.py", workspace)
        text = running.wait_for(2)
        assert "PASS  ex01_conv_relu_layer" in text[first.rindex("(checked in"):]
        assert "Traceback" not in text
    finally:
        running.stop()


def _class_args(tmp_path: Path, out: str, *extra: str) -> list[str]:
    students = tmp_path / "class"
    if not students.exists():
        for student, source in (("ada", SOLUTIONS), ("bob", SUBMISSIONS / "ex01_padding_missing")):
            (students / student).mkdir(parents=True)
            shutil.copy(source / "ex01_conv_relu_layer.py", students / student)
    return ["class", str(students), "--out", str(tmp_path / out), "--exercises", "ex01", "--no-similarity",
            "--jobs", "1", *extra]


def _gradebook(out: Path) -> list[dict]:
    with (out / "gradebook.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def test_the_class_path_refuses_to_grade_without_walls_unless_told(tmp_path):
    refused = learner(*_class_args(tmp_path, "refused"), posix=True)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "--unconfined" in refused.stderr and "landlock, seccomp" in refused.stderr
    assert not (tmp_path / "refused" / "gradebook.csv").exists()
    outs = {True: "out-posix", False: "out-full"}
    runs = both_ways(lambda posix: _class_args(tmp_path, outs[posix], "--unconfined"))  # a no-op with walls
    for done in runs.values():
        assert done.returncode == 0, done.stdout + done.stderr
    assert "--unconfined: grading without landlock, seccomp" in runs[True].stderr
    posix, full = (_gradebook(tmp_path / outs[p]) for p in (True, False))
    assert posix == full
    assert [row["student"] for row in posix] == ["ada", "bob"] and posix[0]["score"] != posix[1]["score"]
def test_a_python_without_fork_is_told_to_use_wsl_in_one_line(tmp_path):
    """As on Windows: `make check` (before any set-up) and `python -m grader check` say so in one line."""
    (tmp_path / "sitecustomize.py").write_text("import os\ndel os.fork\n")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO_ROOT}"}
    env.pop("MAKEFLAGS", None)
    probe = subprocess.run([sys.executable, "-c", "import os; print(hasattr(os, 'fork'))"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "False", probe.stdout + probe.stderr
    # Should the check let it through, the set-up fails at once, in tmp_path, never in the kit's .venv.
    make = subprocess.run(["make", "--no-print-directory", "check", f"PYTHON={sys.executable}",
                           f"VENV={tmp_path / 'venv'}", "PIP=false"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60, env=env)
    ours = [line for line in make.stderr.splitlines() if not line.startswith("make")]
    assert make.returncode != 0 and len(ours) == 1 and "WSL" in ours[0], make.stderr
    assert "Traceback" not in make.stdout + make.stderr
    direct = subprocess.run([PYTHON, "-m", "grader", "check"], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=60, env=env)
    assert direct.returncode == 2 and direct.stderr.count("\n") == 1 and "WSL" in direct.stderr, direct.stderr
