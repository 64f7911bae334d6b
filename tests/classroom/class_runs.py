"""Helpers of the class-store tests: a class of distinct correct students, a grader run in the
background with a marker in its environment, and the processes that carry the marker."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]


def correct_class(root: Path, students: int) -> Path:
    """Students who all solved everything, each file their own (a comment with their name)."""
    for index in range(students):
        folder = root / f"s{index:03d}"
        folder.mkdir(parents=True)
        for path in sorted((KIT / "solutions").glob("ex*.py")):
            (folder / path.name).write_text(f"# {folder.name}\n" + path.read_text())
    return root


class ClassRun:
    """`python -m grader class` started in the background; every process it starts carries a marker."""

    def __init__(self, submissions: Path, out: Path, *options: str, env: dict | None = None) -> None:
        self.marker = f"CNN_TEST_RUN={uuid.uuid4().hex}"
        self.out = out
        self.log = out.parent / f"{out.name}-{uuid.uuid4().hex[:6]}.log"
        env = {**os.environ, **(env or {}), "CNN_TEST_RUN": self.marker.split("=", 1)[1]}
        env.pop("PYTEST_ADDOPTS", None)
        command = [sys.executable, "-m", "grader", "class", str(submissions), "--out", str(out),
                   "--no-similarity", *options]
        self._log = self.log.open("w")
        self.process = subprocess.Popen(command, cwd=KIT, stdout=self._log, stderr=subprocess.STDOUT, env=env)

    def wait(self, timeout: float = 300) -> int:
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._log.close()

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_results(self, count: int, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if stored(self.out) >= count:
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the run ended before {count} results:\n{self.output[-3000:]}")
            time.sleep(0.05)
        raise AssertionError(f"fewer than {count} results after {timeout} s")

    def processes(self) -> list[int]:
        """Live processes of this run (the grader, its fork server, supervisors, sandboxes)."""
        return marked(self.marker)

    def kill_all(self) -> None:
        for pid in self.processes():
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass


def marked(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                environ = Path(f"/proc/{entry}/environ").read_bytes()
                state = Path(f"/proc/{entry}/stat").read_text().split(") ", 1)[1].split()[0]
            except OSError:
                continue
            if marker.encode() in environ and state != "Z":
                found.append(int(entry))
    return found


def stored(out: Path) -> int:
    """Results committed in OUT's store (read without waiting on the writer)."""
    path = out / "results.sqlite"
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def gradebook(out: Path) -> str:
    return (out / "gradebook.csv").read_text()
