"""Fixtures of the sandbox primitives' tests: run a function in a forked child, get back
what it returned (as JSON) and how it ended. The child is stopped by pid whatever happens."""

from __future__ import annotations

import json
import os
import select
import signal
import time
import traceback
from collections.abc import Callable

import pytest

CHILD_DEADLINE_S = 20


def run_in_child(body: Callable[[], object], timeout_s: float = CHILD_DEADLINE_S) -> tuple[object, int]:
    """(body()'s value, or None when the child died first; the child's wait status).
    An exception in the child fails the test with the child's traceback."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's clean-up
        os.close(read_end)
        try:
            message = {"value": body()}
        except BaseException:  # noqa: BLE001 - every failure goes back to the test
            message = {"error": traceback.format_exc()}
        write_all(write_end, json.dumps(message).encode())
        os._exit(0)
    os.close(write_end)
    try:
        data = read_all(read_end, time.monotonic() + timeout_s)
    finally:
        os.close(read_end)
        status = stop(pid)
    message = json.loads(data) if data else {"value": None}
    if "error" in message:
        pytest.fail("the child raised:\n" + message["error"])
    return message["value"], status


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def read_all(fd: int, deadline: float) -> bytes:
    """Read to end of file; fail the test past the deadline."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            pytest.fail("the child did not finish in time")
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def stop(pid: int, grace_s: float = 5.0) -> int | None:
    """Wait for a child until grace_s, then SIGKILL it; its wait status (None: reaped before)."""
    deadline = time.monotonic() + grace_s
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            if time.monotonic() >= deadline:
                break
            time.sleep(0.005)
        os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


@pytest.fixture
def in_child() -> Callable[..., tuple[object, int]]:
    """in_child(body, timeout_s=20) -> (value, wait status): body runs in a forked child."""
    return run_in_child
