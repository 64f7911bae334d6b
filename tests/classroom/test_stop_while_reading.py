"""SIGTERM and SIGINT stop `grader class` within 2 s while it is still reading the submissions
(notebooks whose helper cells take a while to resolve), as they do while it grades."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.classroom.conftest import KIT
from tests.notebooks.test_reading_bounds import EXERCISE, _code, _notebook

STUDENTS = 300  # each read takes about a second here: minutes in all
SETTLE_S = 8.0  # the grader's imports first; a signal before reading starts must stop it too


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_run_that_reads_sources_stops_within_two_seconds(tmp_path, signum):
    cells = [_code("def relu(x):\n    return h0(x)\n", answer=True)]
    cells += [_code(f"def h{i}(x):\n    return h{i + 1}(x)\n") for i in range(1500)]
    notebook = tmp_path / "slow.ipynb"
    notebook.write_bytes(_notebook(cells))
    subs, out = tmp_path / "subs", tmp_path / "out"
    for index in range(STUDENTS):
        (subs / f"s{index:03d}").mkdir(parents=True)
        os.link(notebook, subs / f"s{index:03d}" / f"{EXERCISE}.ipynb")  # one file, read 300 times
    process = subprocess.Popen([sys.executable, "-m", "grader", "class", str(subs), "--out", str(out),
                                "--exercises", "ex06", "--no-similarity"],
                               cwd=KIT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(SETTLE_S)
        assert process.poll() is None, process.communicate()
        os.kill(process.pid, signum)
        sent = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        seconds = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 128 + signum, stderr
    assert "while reading the submissions" in stderr
    assert seconds < 2.0, f"stopped {seconds:.1f} s after the signal"
    assert not (out / "gradebook.csv").exists()
