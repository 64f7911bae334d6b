"""The grader's side of isolation: run many submissions at once, each in a fresh child.

A fork server (zygote.py) imports torch once; each run is a supervisor forked from it,
so a run costs its own work, not an interpreter start. Answers come back over raw pipes
and are read here without ever being unpickled.
"""

from __future__ import annotations

import atexit
import os
import selectors
import signal
import time
from dataclasses import dataclass, field

from grader.sandbox.zygote import Zygote

MAX_RESULT_BYTES = 64 << 20
BACKSTOP_S = 15  # beyond its own deadline, a supervisor that has not finished is killed


@dataclass
class Job:
    """One submission file to run: where its snapshot is, and what to ask of it."""

    key: tuple[str, str]  # (student, exercise)
    request: dict  # JSON-able; request["inputs"] holds the packed input tensors (bytes)


@dataclass
class RawRun:
    """What came back from one run, still untrusted bytes."""

    result: bytearray = field(default_factory=bytearray)
    output: bytes = b""
    output_total: int = 0
    overflow: bool = False
    backstop: bool = False
    started: float = 0.0
    seconds: float = 0.0


@dataclass
class _Live:
    job: Job
    pid: int
    pidfd: int
    result_fd: int
    output_fd: int
    raw: RawRun
    deadline: float
    closed: set = field(default_factory=set)


_ZYGOTE: Zygote | None = None


def fork_server() -> Zygote:
    """The fork server, started on first use and kept for the grader's lifetime."""
    global _ZYGOTE
    if _ZYGOTE is None or _ZYGOTE.process.poll() is not None:
        _ZYGOTE = Zygote()
        atexit.register(_ZYGOTE.close)
    return _ZYGOTE


def run_all(jobs: list[Job], parallel: int, output_limit: int, on_done=None) -> dict:
    """Run every job, at most `parallel` at a time; return {key: RawRun}."""
    zygote = fork_server()
    pending, live, done = list(jobs), {}, {}
    selector = selectors.DefaultSelector()
    while pending or live:
        while pending and len(live) < parallel:
            entry = _start(zygote, pending.pop(0))
            live[entry.pidfd] = entry
            selector.register(entry.result_fd, selectors.EVENT_READ, (entry, "result"))
            selector.register(entry.output_fd, selectors.EVENT_READ, (entry, "output"))
            selector.register(entry.pidfd, selectors.EVENT_READ, (entry, "exit"))
        timeout = max(0.0, min(e.deadline for e in live.values()) - time.monotonic())
        exited = set()
        for key, _ in selector.select(timeout):
            entry, what = key.data
            if what == "exit":
                exited.add(entry.pidfd)
            else:
                _read(selector, entry, what, output_limit)
        now = time.monotonic()
        for pidfd, entry in list(live.items()):
            # The supervisor closes the result pipe last, after its exit frame: end of file there
            # means the run is over, without waiting for the supervisor's own teardown.
            over = pidfd in exited or entry.result_fd in entry.closed
            if not over and now < entry.deadline:
                continue
            if not over:
                entry.raw.backstop = True
                _kill(entry.pid)
            _finish(selector, entry, output_limit)
            del live[pidfd]
            done[entry.job.key] = entry.raw
            if on_done:
                on_done(entry.job.key, entry.raw)
    selector.close()
    return done


def _start(zygote: Zygote, job: Job) -> _Live:
    result_r, result_w = os.pipe()
    output_r, output_w = os.pipe()
    for fd in (result_r, output_r):
        os.set_blocking(fd, False)
    request = {k: v for k, v in job.request.items() if k != "inputs"}
    started = time.monotonic()
    try:
        pid = zygote.fork(request, job.request["inputs"], result_w, output_w)
    finally:
        os.close(result_w)  # the supervisor holds its own copies now
        os.close(output_w)
    deadline = started + job.request["timeout_s"] + BACKSTOP_S
    return _Live(job, pid, _exit_watch(pid), result_r, output_r, RawRun(started=started), deadline)


def _exit_watch(pid: int) -> int:
    """An fd that becomes readable when the supervisor ends (already readable if it has)."""
    try:
        return os.pidfd_open(pid)
    except ProcessLookupError:  # it finished, and was reaped, before we looked
        ready, done = os.pipe()
        os.write(done, b"x")
        os.close(done)
        return ready


def _finish(selector, entry: _Live, output_limit: int) -> None:
    for fd, what in ((entry.result_fd, "result"), (entry.output_fd, "output")):
        _drain(entry, fd, what, output_limit)
        if fd not in entry.closed:
            selector.unregister(fd)
        os.close(fd)
    selector.unregister(entry.pidfd)
    os.close(entry.pidfd)
    entry.raw.seconds = time.monotonic() - entry.raw.started


def _read(selector, entry: _Live, what: str, output_limit: int) -> None:
    fd = entry.result_fd if what == "result" else entry.output_fd
    try:
        chunk = os.read(fd, 1 << 16)
    except BlockingIOError:
        return
    if not chunk:  # end of file: stop watching it, or select would wake up for it forever
        selector.unregister(fd)
        entry.closed.add(fd)
        return
    _keep(entry.raw, what, chunk, output_limit)


def _drain(entry: _Live, fd: int, what: str, output_limit: int) -> None:
    for _ in range(4096):  # bounded: a flood still in the pipe is discarded past the limits
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            return
        _keep(entry.raw, what, chunk, output_limit)


def _keep(raw: RawRun, what: str, chunk: bytes, output_limit: int) -> None:
    if what == "result":
        if len(raw.result) + len(chunk) > MAX_RESULT_BYTES:
            raw.overflow = True
        else:
            raw.result += chunk
    else:
        raw.output_total += len(chunk)
        room = output_limit - len(raw.output)
        if room > 0:
            raw.output += chunk[:room]


def _kill(pid: int) -> None:
    """Backstop: the supervisor leads its own session and group."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
