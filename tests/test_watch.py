"""The learner's loop (issue 12): `grader watch` re-checks what was saved, `status` says where the
learner stands, `solution` waits for a pass. watch runs as a learner's terminal would not: with
stdout a pipe, so its reports are plain appended lines a test can read.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, derived_stubs

SOLUTIONS = REPO_ROOT / "solutions"


class Watch:
    def __init__(self, workspace: Path) -> None:
        env = {**os.environ}
        env.pop("PYTEST_ADDOPTS", None)
        self.process = subprocess.Popen([sys.executable, "-u", "-m", "grader", "watch", "--workspace", str(workspace)],
                                        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.output = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while chunk := self.process.stdout.read1(65536):
            self.output += chunk

    @property
    def text(self) -> str:
        return self.output.decode(errors="replace")

    def reports(self) -> int:
        return self.text.count("(checked in")

    def wait_for(self, count: int, timeout: float = 120) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.reports() >= count:
                return self.text
            if self.process.poll() is not None:
                raise AssertionError(f"watch ended:\n{self.text[-3000:]}")
            time.sleep(0.02)
        raise AssertionError(f"no report {count} after {timeout} s:\n{self.text[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@pytest.fixture
def watch(tmp_path):
    workspace = derived_stubs(tmp_path / "ws")
    running = Watch(workspace)
    yield running, workspace
    running.stop()


def test_watch_rechecks_the_saved_exercise_and_shows_where_the_learner_stands(watch, grader_cli):
    running, workspace = watch
    first = running.wait_for(1)
    assert "0/10 exercises pass; next: ex01_conv_relu_layer" in first
    time.sleep(0.5)
    shutil.copy(SOLUTIONS / "ex01_conv_relu_layer.py", workspace)
    text = running.wait_for(2)
    report = text[first.rindex("(checked in"):]
    assert "PASS  ex01_conv_relu_layer" in report and "ex02_predict_shapes " not in report.split("1/10")[0]
    assert "1/10 exercises pass; next: ex02_predict_shapes" in report
    status = grader_cli("status", "--workspace", str(workspace))
    assert status.returncode == 0 and "1/10 exercises pass; next: ex02_predict_shapes" in status.stdout


def test_each_report_shows_the_course_and_the_sandbox_line_is_said_once(watch):
    running, workspace = watch
    running.wait_for(1)
    time.sleep(0.5)
    shutil.copy(SOLUTIONS / "ex05_count_macs.py", workspace)
    text = running.wait_for(2)
    second = text[text.index("(checked in"):]
    assert "PASS  ex05_count_macs" in second and "ex01_conv_relu_layer" not in second.split("exercises, ")[0]
    assert "1/10 exercises, 5/110 points" in second  # the course, not this exercise's points as a "Total"
    assert "Total:" not in text
    assert text.count("sandbox:") == 1, text


def test_a_file_that_does_not_parse_is_reported_as_such(watch):
    running, workspace = watch
    running.wait_for(1)
    time.sleep(0.5)
    (workspace / "ex03_output_size.py").write_text("def conv_output_size(:\n")
    text = running.wait_for(2)
    assert "ex03_output_size.py does not parse, so it was not run: line 1" in text
    assert running.process.poll() is None and "Traceback" not in text
    assert "\x1b[" not in text  # not a terminal: plain lines, only appended


def test_ctrl_c_ends_watch_at_once_with_status_0(watch):
    running, _ = watch
    running.wait_for(1)
    sent = time.monotonic()
    running.process.send_signal(signal.SIGINT)
    try:
        code = running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"watch still running 10 s after Ctrl-C; it printed:\n{running.text[-3000:]}")
    assert code == 0
    assert time.monotonic() - sent < 2.0
    assert "Traceback" not in running.text


def test_status_before_any_check_says_how_to_start(grader_cli, tmp_path):
    done = grader_cli("status", "--workspace", str(tmp_path))
    # the commands name this workspace: `make watch` would watch exercises/, not it
    assert done.returncode == 0 and "No check" in done.stdout, done.stdout
    assert f"-m grader check --workspace {tmp_path}" in done.stdout and f"-m grader watch --workspace {tmp_path}" in done.stdout


def test_solution_waits_for_a_pass_or_a_confirmed_reveal(grader_cli, tmp_path):
    workspace = derived_stubs(tmp_path / "ws")
    hidden = grader_cli("solution", "ex05", "--workspace", str(workspace))
    assert hidden.returncode == 1 and "macs_per_output" not in hidden.stdout and "--reveal" in hidden.stdout
    refused = subprocess.run([sys.executable, "-m", "grader", "solution", "ex05", "--reveal", "--workspace",
                              str(workspace)], cwd=REPO_ROOT, input="no\n", capture_output=True, text=True)
    assert refused.returncode == 1 and "macs_per_output" not in refused.stdout
    shown = subprocess.run([sys.executable, "-m", "grader", "solution", "ex05", "--reveal", "--workspace",
                            str(workspace)], cwd=REPO_ROOT, input="show\n", capture_output=True, text=True)
    assert shown.returncode == 0 and "macs_per_output" in shown.stdout
    shutil.copy(SOLUTIONS / "ex05_count_macs.py", workspace)
    assert grader_cli("check", "ex05", "--workspace", str(workspace)).returncode == 0
    passed = grader_cli("solution", "ex05", "--workspace", str(workspace))
    assert passed.returncode == 0 and "macs_per_output" in passed.stdout


class Terminal:
    """watch on a pseudo-terminal, as a learner runs it: keys go in unbuffered, the screen comes out."""

    def __init__(self, workspace: Path) -> None:
        import fcntl
        import termios

        self.master, slave = os.openpty()
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "60"}
        env.pop("PYTEST_ADDOPTS", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader", "watch", "--workspace", str(workspace)], cwd=REPO_ROOT, env=env,
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))  # its terminal: Ctrl-C reaches it
        os.close(slave)
        self.output = b""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: str, count: int = 1, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.output.decode(errors="replace").count(text) >= count:
                return
            if self.process.poll() is not None:
                raise AssertionError(f"watch ended:\n{self.output.decode(errors='replace')[-3000:]}")
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} x{count} after {timeout} s:\n{self.output.decode(errors='replace')[-3000:]}")

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path):
    running = Terminal(derived_stubs(tmp_path / "ws"))
    yield running
    running.stop()


def test_single_keys_on_a_terminal_show_a_hint_the_list_check_all_and_quit(terminal):
    from grader.catalog import load

    terminal.wait_for("Keys: h next hint")
    terminal.press("h")  # the report showed ex01's first hint; h shows the next one
    terminal.wait_for(f"ex01_conv_relu_layer - Hint 2 of {len(load().get('ex01').hints)}")
    terminal.press("l")
    terminal.wait_for("ex10_interview_questions")
    assert terminal.output.decode(errors="replace").count("  FAIL  ex10_interview_questions") >= 1
    terminal.press("c")
    terminal.wait_for("(checked in", count=2)
    terminal.press("q")
    assert terminal.process.wait(timeout=10) == 0
    assert "Traceback" not in terminal.output.decode(errors="replace")


def test_ctrl_c_on_a_terminal_exits_0_and_gives_the_terminal_back(terminal):
    terminal.wait_for("Keys: h next hint")
    terminal.press("\x03")
    assert terminal.process.wait(timeout=10) == 0
    import termios

    assert termios.tcgetattr(terminal.master)[3] & termios.ICANON, "the terminal was left in single-key mode"
    assert "Traceback" not in terminal.output.decode(errors="replace")
