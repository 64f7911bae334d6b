"""Fixtures of the grader's tests: the real grader run in subprocesses, each workspace graded once.

Grading the class of wrong submissions (tests/submissions/) is the slowest step, so it
starts in the background as soon as collection shows a test that needs it, and runs
beside the other tests on the second core.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = REPO_ROOT / "tests" / "submissions"
PYTHON = sys.executable

# The class of wrong submissions is graded with fixed inputs, so a verdict that depends on
# which random configuration fails first is reproducible, and with a short time limit, so
# the case that never returns costs 3 s rather than the catalog's 10.
CLASS_SEED = 2024
CLASS_TIMEOUT_S = 3

# Runs in a child: grade the class through grader.session.grade, the function the CLI uses,
# and write every verdict, message and captured output as JSON. `python -c`, not a script
# file: the sandbox's fork server re-imports a __main__ module that has a file.
GRADE_CLASS = """
import json, sys
from grader.session import grade
result = grade(sys.argv[2:])
students = {
    s.student: {
        "score": s.score, "max_score": s.max_score, "status": s.status, "output": s.output,
        "exercises": {
            e.name: {"score": e.score, "max_score": e.max_score,
                     "tests": [{"name": t.name, "status": t.status, "message": t.message} for t in e.tests]}
            for e in s.exercises
        },
    }
    for s in result.students
}
with open(sys.argv[1], "w") as f:
    json.dump({"device": result.device, "seed": result.seed, "students": students}, f)
"""


def grader_command(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m grader ARGS` from the repository root, as a learner runs it."""
    return subprocess.run([PYTHON, "-m", "grader", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=timeout, env=_child_env())


def _child_env() -> dict:
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)  # the outer run's options are not the grader's
    return env


class ClassGrading:
    """The one grading session of every folder in tests/submissions, started once."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cnn-class-"))
        self.process: subprocess.Popen | None = None
        self._result: dict | None = None

    def start(self) -> None:
        if self.process is not None:
            return
        options = ["--class-dir", str(SUBMISSIONS), "--grade-seed", str(CLASS_SEED),
                   "--grade-timeout", str(CLASS_TIMEOUT_S), "--grade-jobs", "2"]
        with (self.folder / "output.txt").open("w") as log:  # a file, so a chatty child never blocks on a pipe
            self.process = subprocess.Popen([PYTHON, "-c", GRADE_CLASS, str(self.folder / "class.json"), *options],
                                            cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, env=_child_env())

    def result(self) -> dict:
        if self._result is None:
            self.start()
            code = self.process.wait(timeout=300)
            output = (self.folder / "output.txt").read_text(errors="replace")
            assert code == 0, f"grading the class failed (exit {code}):\n{output[-5000:]}"
            self._result = json.loads((self.folder / "class.json").read_text())
            self._result["timeout_s"] = CLASS_TIMEOUT_S
        return self._result

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_CLASS = pytest.StashKey[ClassGrading]()


def _class_grading(config: pytest.Config) -> ClassGrading:
    if _CLASS not in config.stash:
        config.stash[_CLASS] = ClassGrading()
    return config.stash[_CLASS]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start grading the class at once when a selected test will look at it."""
    if session.config.option.collectonly:
        return
    if any("class_report" in getattr(item, "fixturenames", ()) for item in session.items):
        _class_grading(session.config).start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop the background grading if the session ends before it does, and remove its files."""
    if _CLASS in session.config.stash:
        session.config.stash[_CLASS].stop()


@pytest.fixture(scope="session")
def class_report(pytestconfig: pytest.Config) -> dict:
    """{device, seed, timeout_s, students: {case: {score, status, output, exercises: {name: {score, tests}}}}}."""
    return _class_grading(pytestconfig).result()


@pytest.fixture(scope="session")
def grader_cli():
    """grader_cli(*args): run `python -m grader ARGS` from the repository root, get the CompletedProcess."""
    return grader_command


@pytest.fixture(scope="session")
def solutions_run() -> subprocess.CompletedProcess:
    """`python -m grader check --workspace solutions --json`: the reference solutions, graded once."""
    return grader_command("check", "--workspace", "solutions", "--json")


@pytest.fixture(scope="session")
def stubs_run() -> subprocess.CompletedProcess:
    """`python -m grader check --json`: the default workspace, exercises/, holds the stubs."""
    return grader_command("check", "--json")
