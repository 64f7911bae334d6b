"""The platforms' real paths for the platform tests: /autograder and /grade, taken and given back.

The tests run as root, as CI does, and lay out the platform's own folders, so the generated
scripts run exactly as the platform runs them. A folder already there means another run (or
a person) is using it: the test fails and says so, and never deletes what it did not make.
Two test runs on one machine take turns: a machine-wide lock per folder (flock, released by the
kernel if a run dies) makes the second wait for the first to give the folder back.
Not root, the folders go under a temporary root instead, through the variable the scripts
honour (grader/platforms/layout.py), so a developer can still run every test.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grader.platforms.layout import ROOT_VARIABLE

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent  # the test run's Python, with the kit's packages
LOCKS = Path("/run/lock") if Path("/run/lock").is_dir() else Path(tempfile.gettempdir())
LOCK_WAIT_S = 1200  # another run's platform tests take minutes at most


class PlatformRoot:
    """The root the platforms' folders go under: / as root, else a temporary folder."""

    def __init__(self) -> None:
        self.real = os.geteuid() == 0
        self.path = Path("/") if self.real else Path(tempfile.mkdtemp(prefix="cnn-platform-root-"))
        self.locks: dict[str, int] = {}

    def _take_turn(self, name: str) -> None:
        """Wait for any other test run on this machine to give /name back."""
        fd = os.open(LOCKS / f"cnn-kit-platform-{name.strip('/').replace('/', '-')}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    pytest.fail(f"another test run has held {self.path / name} for {LOCK_WAIT_S} s")
                time.sleep(0.5)
        self.locks[name] = fd

    def env(self, **extra: str) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", ROOT_VARIABLE)}
        if not self.real:
            env[ROOT_VARIABLE] = str(self.path)
        env.update(extra)
        return env

    def claim(self, name: str) -> Path:
        """Make the folder; fail if it is there already (another run, or a person, is using it)."""
        folder = self.path / name
        if self.real:
            self._take_turn(name)
        try:
            folder.mkdir(mode=0o755)
        except FileExistsError:
            if name in self.locks:
                os.close(self.locks.pop(name))
            pytest.fail(f"{folder} already exists: another test run or a real autograder is using it. "
                        f"Remove it (rm -rf {folder}) once nothing uses it, then run the tests again.")
        return folder

    def release(self, name: str) -> None:
        shutil.rmtree(self.path / name, ignore_errors=True)
        fd = self.locks.pop(name, None)
        if fd is not None:
            os.close(fd)  # closing the descriptor gives the lock back


@pytest.fixture(scope="session")
def platform_root() -> PlatformRoot:
    root = PlatformRoot()
    yield root
    if not root.real:
        shutil.rmtree(root.path, ignore_errors=True)


def run_script(script: Path, env: dict, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """A generated script, run with bash as the platform runs it."""
    return subprocess.run(["/bin/bash", str(script)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def check_json(folder: Path, *exercises: str) -> dict:
    """`grader check --json` on the same files (these exercises, or all): the points every platform must give them."""
    from tests.conftest import grader_command

    completed = grader_command("check", "--workspace", str(folder), "--json", *exercises, timeout=300)
    assert completed.returncode in (0, 1), completed.stderr[-3000:]
    import json

    return json.loads(completed.stdout)
