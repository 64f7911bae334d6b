"""The grader's side of isolation: run many submissions at once, each in a fresh child.

A fork server imports torch once; each run is a child forked from it (supervisor.py),
so a run costs its own work, not an interpreter start. Answers come back over raw pipes
and are read here without ever being unpickled.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import selectors
import signal
import time
from dataclasses import dataclass, field

from grader.sandbox import supervisor

MAX_RESULT_BYTES = 64 << 20
BACKSTOP_S = 15  # beyond its own deadline, a supervisor that has not finished is killed


@dataclass
class Job:
    """One submission file to run: where its snapshot is, and what to ask of it."""

    key: tuple[str, str]  # (student, exercise)
    request: dict


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
    process: multiprocessing.process.BaseProcess
    result_fd: int
    output_fd: int
    raw: RawRun = field(default_factory=RawRun)
    deadline: float = 0.0


_CONTEXT = None


def fork_server():
    """The multiprocessing context whose server has torch imported (started on first use)."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["torch", "safetensors.torch", "grader.sandbox.supervisor"])
    return _CONTEXT


def run_all(jobs: list[Job], parallel: int, output_limit: int, on_done=None) -> dict:
    """Run every job, at most `parallel` at a time; return {key: RawRun}."""
    ctx = fork_server()
    pending, live, done = list(jobs), {}, {}
    selector = selectors.DefaultSelector()
    while pending or live:
        while pending and len(live) < parallel:
            entry = _start(ctx, pending.pop(0))
            live[entry.process.sentinel] = entry
            selector.register(entry.result_fd, selectors.EVENT_READ, (entry, "result"))
            selector.register(entry.output_fd, selectors.EVENT_READ, (entry, "output"))
            selector.register(entry.process.sentinel, selectors.EVENT_READ, (entry, "exit"))
        timeout = max(0.0, min(e.deadline for e in live.values()) - time.monotonic())
        for key, _ in selector.select(timeout):
            entry, what = key.data
            if what == "exit":
                continue  # handled below, after the pipes are drained
            _read(entry, what, output_limit)
        now = time.monotonic()
        for sentinel, entry in list(live.items()):
            exited = entry.process.exitcode is not None
            if not exited and now < entry.deadline:
                continue
            if not exited:
                entry.raw.backstop = True
                _kill(entry.process.pid)
            entry.process.join()
            for fd, what in ((entry.result_fd, "result"), (entry.output_fd, "output")):
                _drain(entry, fd, what, output_limit)
                selector.unregister(fd)
                os.close(fd)
            selector.unregister(sentinel)
            entry.process.close()
            entry.raw.seconds = time.monotonic() - entry.raw.started
            del live[sentinel]
            done[entry.job.key] = entry.raw
            if on_done:
                on_done(entry.job.key, entry.raw)
    selector.close()
    return done


def _start(ctx, job: Job) -> _Live:
    result_r, result_w = os.pipe()
    output_r, output_w = os.pipe()
    for fd in (result_r, output_r):
        os.set_blocking(fd, False)
    wrap = multiprocessing.connection.Connection
    ends = (wrap(result_w, readable=False), wrap(output_w, readable=False))
    process = ctx.Process(target=supervisor.supervise, args=(job.request, *ends), daemon=False)
    started = time.monotonic()
    process.start()
    for end in ends:  # the child holds its own copies now
        try:
            end.close()
        except OSError:
            pass
    return _Live(job, process, result_r, output_r, RawRun(started=started),
                 deadline=started + job.request["timeout_s"] + BACKSTOP_S)


def _read(entry: _Live, what: str, output_limit: int) -> None:
    fd = entry.result_fd if what == "result" else entry.output_fd
    try:
        chunk = os.read(fd, 1 << 16)
    except BlockingIOError:
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


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)  # the supervisor leads its own session and group
    except (ProcessLookupError, PermissionError):
        pass
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
