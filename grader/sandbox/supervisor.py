"""One run's supervisor, forked by the fork server: start the worker, hold the deadline,
kill every process the worker left behind, and say how the worker ended.

How the worker ended comes from the kernel (wait status, resource usage), never from the
worker, and goes to the grader on a status pipe the worker never holds: a submission
cannot forge it. The grader can stop a run at any time by writing to (or closing) the
control pipe; a grader killed with SIGKILL closes it too, so no run outlives its grader.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time

from grader.sandbox import cgroup, facilities, namespaces, runner

_PR_SET_CHILD_SUBREAPER = 36
UID_BASE = 200_000  # far above human accounts; uid = base + supervisor pid, unique while it runs
SLACK_S = 15.0  # set-up, and the grader's own deadlines first: beyond the sum of the per-exercise limits
_RSS_UNITS_PER_MB = 1 << 20 if sys.platform == "darwin" else 1 << 10  # ru_maxrss: bytes on macOS, KiB on Linux
POLL_S = 0.02  # without a pidfd, how often the wait looks whether the worker has ended


def supervise(request: dict, result_fd: int, output_fd: int, status_fd: int, control_fd: int) -> None:
    """Entry point of the fork-server child. Never returns."""
    try:
        os.setsid()
        subreaper = facilities.libc_prctl(_PR_SET_CHILD_SUBREAPER, 1)
        uid = UID_BASE + os.getpid() if request["drop_privileges"] else None
        request["run_dir"] = os.path.join(request["run_root"], f"r{os.getpid()}")
        notes = _posix_notes(subreaper)
        # One memory budget for everything the run holds (memfd and tmpfs pages included).
        group = None
        if request["memory_mb"] and facilities.cgroups():
            group = cgroup.RunCgroup.create("run", request["memory_mb"] << 20)
        notes.append("memory cgroup" if group else f"no memory cgroup ({_cgroup_reason()})")
        notes.append("CPU share" if group and group.cpu_path else "no CPU share")
        if not request["namespaces"]:
            entered = "no namespaces (switched off)"
        elif not facilities.namespaces():
            entered = f"no namespaces ({facilities.reason() or 'no /proc/self/ns'})"
        else:
            entered = namespaces.enter()
        notes.append(entered)  # when it held, the worker is pid 1 of its own namespaces
        request["sandbox"] = {"notes": notes, "namespaced": entered.startswith("own "),
                              "user_namespace": entered.startswith("own ") and ", user" in entered,
                              "broken": "do not run" in entered}
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(status_fd)
            os.close(control_fd)
            os.setpgid(0, 0)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(output_fd, 1)
            os.dup2(output_fd, 2)
            runner.worker_main(request, result_fd, uid, group)  # never returns
        os.close(output_fd)
        os.close(result_fd)
        units = len(request["units"]) - request.get("first_unit", 0)
        deadline = units * request["timeout_s"] + SLACK_S
        ending, status, usage = _wait(pid, control_fd, deadline)
        leftovers = kill_leftovers(pid, uid)
        oom_killed = bool(group and group.oom_killed())
        if group:
            group.remove()
        runner.remove_run_folder(request)
        record = {
            "ending": ending,  # "exited", "stopped" (the grader asked), "deadline" (the supervisor's own)
            "seconds": round(time.monotonic() - started, 3),
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "peak_rss_mb": round(usage.ru_maxrss / _RSS_UNITS_PER_MB, 1) if usage else None,
            "leftover_processes": leftovers,
            "oom_killed": oom_killed,
        }
        os.write(status_fd, json.dumps(record).encode())
        # The run is over: the grader reads end of file now, not once the kernel has torn down
        # this process's copy of the fork server's memory (milliseconds, inside os._exit).
        os.close(status_fd)
    finally:
        os._exit(0)


def _posix_notes(subreaper: bool) -> list[str]:
    """When the run's own process walls are POSIX's (no pidfd, prctl or /proc): say so, first."""
    why = facilities.reason()
    if why is None and facilities.pidfd() and subreaper and facilities.proc():
        return []  # Linux: each wall below says for itself whether it held
    held = ["own session and process group", "rlimits", "deadline",
            "subreaper" if subreaper else "process group killed at the end"]
    missing = ", ".join(facilities.missing())
    return [f"POSIX fallback ({why or 'missing: ' + missing}): {', '.join(held)}"]


def _cgroup_reason() -> str:
    return facilities.reason() or cgroup.available() or "failed"


def _wait(pid: int, control_fd: int, deadline_s: float):
    """Wait for the worker until it ends, the grader says stop, or the deadline passes.

    With a pidfd, select() wakes the moment the worker ends; without one (macOS, or the
    switch), the same loop looks every POLL_S whether it has."""
    pidfd = os.pidfd_open(pid) if facilities.pidfd() else None
    ending = "exited"
    end = time.monotonic() + deadline_s
    while True:
        left = end - time.monotonic()
        watched = [control_fd] if pidfd is None else [pidfd, control_fd]
        timeout = max(left, 0) if pidfd is not None else min(max(left, 0), POLL_S)
        ready = select.select(watched, [], [], timeout)[0] if left > 0 else []
        if pidfd is not None and pidfd in ready:
            break
        if pidfd is None and control_fd not in ready:
            found, status, usage = os.wait4(pid, os.WNOHANG)
            if found == pid:
                return ending, status, usage
        if control_fd in ready or left <= 0:  # a byte, or end of file: the grader wants it stopped
            ending = "stopped" if control_fd in ready else "deadline"
            _kill_group(pid)
            break
    if pidfd is not None:
        os.close(pidfd)
    _, status, usage = os.wait4(pid, 0)
    return ending, status, usage


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_leftovers(worker_pid: int, uid: int | None) -> int:
    """Kill the worker's group, every process of its uid, and every orphan re-parented here."""
    killed = 0
    _kill_group(worker_pid)
    if not facilities.proc():  # no /proc to scan (macOS): the group, and the run's own uid if it has one
        killed = _kill_uid(uid) if uid is not None else 0
        _reap()
        return killed
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


def _kill_uid(uid: int) -> int:
    """Without /proc, kill every process of the run's own uid (those that left its group too):
    a child takes that uid and calls kill(-1), which reaches exactly the processes it may
    signal, its own uid's. Returns how many rounds found some (a fork racing the kill: 3 at most)."""
    rounds = 0
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.setgid(uid)
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
                code = 1  # some were there
            except BaseException:  # noqa: BLE001 - ESRCH: none left
                pass
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1):
            break
        rounds += 1
    return rounds


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
