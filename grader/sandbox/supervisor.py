"""One run's supervisor, forked by the grader's fork server: start the worker, hold the
deadline, then kill every process the worker left behind, however it detached.

The supervisor is a child subreaper, so orphans of the worker re-parent to it rather than
to init; when run as root the worker also gets a uid of its own, and every process of
that uid is killed at the end.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import time

from grader.sandbox import protocol, runner

_PR_SET_CHILD_SUBREAPER = 36
UID_BASE = 200_000  # far above human accounts; uid = base + supervisor pid, unique while it runs


def supervise(request: dict, result_fd: int, output_fd: int) -> None:
    """Entry point of the fork-server child. Never returns."""
    os.setsid()
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    scratch = request["scratch"]
    uid = UID_BASE + os.getpid() if request["drop_privileges"] else None
    if uid is not None:
        os.chown(scratch, uid, uid)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the worker
        os.setpgid(0, 0)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        runner.worker_main(request, result_fd, scratch, uid)
    os.close(output_fd)
    status, usage, timed_out = _wait(pid, request["timeout_s"])
    leftovers = kill_leftovers(pid, uid)
    exit_node = {
        "id": "exit",
        "seconds": round(time.monotonic() - started, 3),
        "timed_out": timed_out,
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1) if usage else None,
        "leftover_processes": leftovers,
    }
    try:
        os.write(result_fd, protocol.pack(exit_node, {}))
        os.close(result_fd)  # the grader takes end of file as "run over": before our slow teardown
    finally:
        os._exit(0)


def _wait(pid: int, timeout_s: float):
    """Wait for the worker until the deadline; SIGKILL it (and its group) past it."""
    pidfd = os.pidfd_open(pid)
    ready = select.select([pidfd], [], [], timeout_s)[0]
    os.close(pidfd)
    timed_out = not ready
    if timed_out:
        _kill_group(pid)
    _, status, usage = os.wait4(pid, 0)
    return status, usage, timed_out


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_leftovers(worker_pid: int, uid: int | None) -> int:
    """Kill the worker's group, every process of its uid, and every orphan re-parented here."""
    killed = 0
    _kill_group(worker_pid)
    if not _has_children():
        # Every process the worker started is a descendant, and orphans re-parent here (we are
        # a subreaper), so no child left means nothing left: skip the scan of /proc.
        return 0
    for _ in range(200):  # each round also reaps; a fork bomb is capped by RLIMIT_NPROC
        victims = [p for p in _processes() if p[1] == os.getpid() or (uid is not None and p[2] == uid)]
        if not victims:
            break
        for pid, _ppid, _uid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        _reap()
        time.sleep(0.005)
    _reap()
    return killed


def _has_children() -> bool:
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    return True  # a live child (pid 0) or one just reaped: look closer


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _processes():
    """(pid, ppid, uid) of every process, read from /proc."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            yield int(entry), int(fields["PPid"]), int(fields["Uid"].split()[0])
        except (OSError, KeyError, ValueError):
            continue
