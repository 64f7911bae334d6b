"""Every Linux facility of the sandbox is detected, and the POSIX path works without them.

CNN_KIT_POSIX_ONLY=1 makes each one unavailable, in this interpreter (read at every call),
as on a Mac; the supervisor then waits with a deadline by polling, kills the process group,
and says so. The learner's whole path under the switch is tests/test_posix_fallback.py.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time

import pytest

from grader.sandbox import confine, facilities, landlock, namespaces, seccomp, supervisor
from tests.sandbox.conftest import run_in_child


@pytest.fixture
def posix_only(monkeypatch):
    monkeypatch.setenv(facilities.POSIX_ONLY_ENV, "1")


def test_the_switch_makes_every_linux_facility_unavailable(posix_only):
    assert facilities.missing() == list(facilities.LINUX_ONLY)
    assert facilities.class_walls_missing() == ["landlock", "seccomp"]
    assert facilities.libc_prctl(36, 1) is False  # not even called
    assert facilities.reason() == "CNN_KIT_POSIX_ONLY=1"


def test_without_the_switch_each_facility_is_asked_of_the_system(monkeypatch):
    monkeypatch.delenv(facilities.POSIX_ONLY_ENV, raising=False)
    assert facilities.pidfd() == (hasattr(os, "pidfd_open") and os.uname().sysname == "Linux")
    monkeypatch.delattr(os, "pidfd_open", raising=False)  # as on macOS
    assert not facilities.pidfd() and "pidfd" in facilities.missing()
    monkeypatch.setattr(seccomp, "_LIB", None)  # no libseccomp
    assert not facilities.seccomp() and "seccomp" in facilities.class_walls_missing()


def test_on_a_mac_every_linux_facility_is_missing_and_said_so(monkeypatch):
    monkeypatch.delenv(facilities.POSIX_ONLY_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert facilities.missing() == list(facilities.LINUX_ONLY)
    assert facilities.reason() == "not Linux"
    assert landlock.abi_version() == 0 and namespaces.enter() == "no namespaces: not Linux"
    assert supervisor._posix_notes(subreaper=False)[0].startswith("POSIX fallback (not Linux)")


def _worker(body) -> int:
    """A child in its own process group, as the supervisor's worker is."""
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)
        body()
        os._exit(0)
    try:
        os.setpgid(pid, pid)  # also here, so a kill of the group cannot come before it exists
    except OSError:
        pass  # it has already made itself its group, or already ended
    return pid


@pytest.mark.parametrize("mode", ["posix", "linux"])
def test_the_wait_ends_at_the_deadline_the_stop_and_the_exit(mode, monkeypatch):
    if mode == "posix":
        monkeypatch.setenv(facilities.POSIX_ONLY_ENV, "1")
    elif not facilities.pidfd():
        pytest.skip("this system has no pidfd: the posix case is its path")
    control_read, control_write = os.pipe()
    try:
        started = time.monotonic()
        hanging = _worker(lambda: time.sleep(60))
        ending, status, _ = supervisor._wait(hanging, control_read, 0.3)
        assert ending == "deadline" and os.WTERMSIG(status) == signal.SIGKILL
        assert time.monotonic() - started < 3

        quick = _worker(lambda: os._exit(7))
        ending, status, _ = supervisor._wait(quick, control_read, 30)
        assert ending == "exited" and os.WEXITSTATUS(status) == 7

        stopped = _worker(lambda: time.sleep(60))
        os.write(control_write, b"s")
        started = time.monotonic()
        ending, status, _ = supervisor._wait(stopped, control_read, 30)
        assert ending == "stopped" and os.WTERMSIG(status) == signal.SIGKILL
        assert time.monotonic() - started < 3
    finally:
        os.close(control_read), os.close(control_write)


def test_posix_notes_say_which_walls_are_posix_ones(posix_only):
    (note,) = supervisor._posix_notes(subreaper=False)
    assert note.startswith("POSIX fallback (CNN_KIT_POSIX_ONLY=1)")
    assert "own session and process group" in note and "process group killed at the end" in note


def test_confine_without_linux_facilities_sets_rlimits_and_says_what_is_missing(posix_only):
    def body():
        note = confine.confine("/nonexistent-ws", "/nonexistent-scratch", None, 2048)
        return note, resource.getrlimit(resource.RLIMIT_AS)[0], seccomp.install()

    (note, cap, filtered), status = run_in_child(body)
    assert os.WIFEXITED(status)
    assert note.endswith("no landlock (CNN_KIT_POSIX_ONLY=1)"), note
    assert cap == 2048 << 20 or "rlimits refused: RLIMIT_AS" in note  # macOS may refuse the cap: said so
    assert filtered == "no seccomp (CNN_KIT_POSIX_ONLY=1)"


def test_a_refused_rlimit_is_reported_not_fatal(monkeypatch):
    refused_names = {resource.RLIMIT_AS}

    def setrlimit(which, limits):  # as macOS may refuse an address-space cap; nothing is changed
        if which in refused_names:
            raise ValueError("not allowed to raise maximum limit")

    monkeypatch.setattr(resource, "setrlimit", setrlimit)
    assert confine.set_limits(512, max_procs=64) == ["RLIMIT_AS"]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()  # a zombie is dead, whoever reaps it
    except FileNotFoundError:
        return False


@pytest.mark.skipif(os.geteuid() != 0, reason="a run gets a uid of its own only when the grader is root")
def test_without_proc_a_process_that_left_the_group_dies_by_its_uid(posix_only):
    uid = supervisor.UID_BASE + 99_000 + os.getpid() % 1000  # unused by anyone else
    read_end, write_end = os.pipe()
    worker = _worker(lambda: (os.setgid(uid), os.setuid(uid), _escapee(write_end)))
    os.close(write_end)
    escaped = int(os.read(read_end, 32))
    os.close(read_end)
    os.waitpid(worker, 0)
    assert _alive(escaped)
    assert supervisor.kill_leftovers(worker, uid) >= 1
    deadline = time.monotonic() + 5
    while _alive(escaped) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _alive(escaped)


def _escapee(report_fd: int) -> None:
    """A grandchild in a session of its own, out of the worker's group: only its uid gives it away."""
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.write(report_fd, str(os.getpid()).encode())
        time.sleep(60)
        os._exit(0)
