"""Fixtures of the grader's tests: the real grader run in subprocesses, each workspace graded once.

Grading the class of wrong submissions (tests/submissions/) is the slowest step, so it
starts in the background as soon as collection shows a test that needs it, and runs
beside the other tests on the second core.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# The learner's progress file and backups go to a folder of the test run, never the kit's own
# (set before anything imports grader.paths; child processes inherit it).
# This file is imported twice (by pytest as `conftest`, by test modules as `tests.conftest`):
# both share one folder, which the session removes at its end.
if "CNN_KIT_TEST_STATE" not in os.environ:
    os.environ["CNN_KIT_TEST_STATE"] = tempfile.mkdtemp(prefix="cnn-test-state-")
_STATE = Path(os.environ["CNN_KIT_TEST_STATE"])
os.environ["CNN_KIT_STATE"] = str(_STATE / "state")
os.environ["CNN_KIT_BACKUPS"] = str(_STATE / "backups")
# Dask's scheduler and workers keep their scratch space there too, not in /tmp.
os.environ["DASK_TEMPORARY_DIRECTORY"] = str(_STATE / "dask")
SUBMISSIONS = REPO_ROOT / "tests" / "submissions"
PYTHON = sys.executable

# A suite started in the background by a non-interactive shell (`make test &` in a script) inherits
# SIGINT ignored, and so would every process it starts: the tests that press Ctrl-C would find it
# ignored. A handler of our own is reset to the default at exec, so the processes start as from a terminal.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# The class of wrong submissions is graded with fixed inputs, so a verdict that depends on
# which random configuration fails first is reproducible, and with a short time limit, so
# the case that never returns costs 3 s rather than the catalog's 10.
CLASS_SEED = 2024
CLASS_TIMEOUT_S = 3

def class_view(out: Path) -> dict:
    """{device, seed, students: {id: {score, status, output, exercises: {name: {score, max_score, tests}}}}},
    read from the class's result store."""
    from grader.classroom import records
    from grader.classroom.store import Store

    store = Store(out, lock=False)
    try:
        found = records.records(store, store.meta("fingerprint"), store.meta("exercises"))
    finally:
        store.close()
    students = {}
    for record in found:
        students[record["student"]] = {
            "score": record["score"], "max_score": record["max_score"], "status": record["status"],
            "output": {e["name"]: e["output"] for e in record["exercises"] if e["output"]},
            "exercises": {e["name"]: {"score": e["score"], "max_score": e["max_score"], "status": e["status"],
                                      "tests": e["tests"]} for e in record["exercises"]},
        }
    return {"device": found[0]["device"] if found else "", "seed": CLASS_SEED, "students": students}


def derived_stubs(folder: Path) -> Path:
    """The stubs as the solutions derive them, written into folder (exercises/ is the learner's)."""
    from grader import derive

    folder.mkdir(parents=True, exist_ok=True)
    for path, text in derive.expected_stubs().items():
        (folder / path.name).write_text(text)
    return folder


def grader_command(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m grader ARGS` from the repository root, as a learner runs it."""
    return subprocess.run([PYTHON, "-m", "grader", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=timeout, env=_child_env())


def _child_env() -> dict:
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)  # the outer run's options are not the grader's
    return env


class ClassGrading:
    """The one `grader class` run over every folder in tests/submissions, started once."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cnn-test-class-"))
        self.process: subprocess.Popen | None = None
        self._result: dict | None = None

    def start(self) -> None:
        if self.process is not None:
            return
        command = [PYTHON, "-m", "grader", "class", str(SUBMISSIONS), "--out", str(self.folder / "out"),
                   "--seed", str(CLASS_SEED), "--timeout", str(CLASS_TIMEOUT_S), "--jobs", "2", "--no-similarity"]
        with (self.folder / "output.txt").open("w") as log:  # a file, so a chatty child never blocks on a pipe
            self.process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            env=_child_env())

    def result(self) -> dict:
        if self._result is None:
            self.start()
            code = self.process.wait(timeout=300)
            output = (self.folder / "output.txt").read_text(errors="replace")
            assert code == 0, f"grading the class failed (exit {code}):\n{output[-5000:]}"
            self._result = class_view(self.folder / "out")
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
    shutil.rmtree(_STATE, ignore_errors=True)


@pytest.fixture(scope="session")
def class_report(pytestconfig: pytest.Config) -> dict:
    """{device, seed, timeout_s, students: {case: {score, status, output, exercises: {name: {score, tests}}}}}."""
    return _class_grading(pytestconfig).result()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright, one per test module (Playwright's sync API allows one
    at a time), closed at the module's end: its threads must not be running when a later test forks this
    process. `make test` installs Chromium, so its absence is a failure, never a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup-test` installs it (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def grader_cli():
    """grader_cli(*args): run `python -m grader ARGS` from the repository root, get the CompletedProcess."""
    return grader_command


@pytest.fixture(scope="session")
def solutions_run() -> subprocess.CompletedProcess:
    """`python -m grader check --workspace solutions --json`: the reference solutions, graded once."""
    return grader_command("check", "--workspace", "solutions", "--json")


@pytest.fixture(scope="session")
def stubs_folder(tmp_path_factory) -> Path:
    """A workspace of the derived stubs: the kit's truth, not the learner's exercises/."""
    return derived_stubs(tmp_path_factory.mktemp("stubs"))


@pytest.fixture(scope="session")
def stubs_run(stubs_folder) -> subprocess.CompletedProcess:
    """`python -m grader check --json` on the derived stubs."""
    return grader_command("check", "--workspace", str(stubs_folder), "--json")
