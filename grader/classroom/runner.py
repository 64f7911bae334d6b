"""Runners grade submissions and hand back futures: the standard Executor interface.

    runner.submit(submission) -> Future[SubmissionResult]

LocalRunner grades on this machine: one Engine (one warm fork server) shared by a pool of
threads, each waiting on its own sandboxed child, then checking its answers. The Dask
runner (dask_runner.py) is the same interface over a cluster. The class loop in cli.py
knows only this interface.

The threads are daemons: on Ctrl-C the loop stops the engine (every child is killed through
its supervisor) and waits a moment for the threads, never for ever; the interpreter's exit
does not wait on them either, as it would on concurrent.futures' own pool.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from concurrent.futures import Future

from grader.engine.engine import Engine, Settings

SHUTDOWN_WAIT_S = 1.0  # after a stop: how long the loop waits for the threads to see it


class RunnerError(RuntimeError):
    """A runner cannot start (no scheduler there, no worker able to grade); the message says why."""


def default_jobs() -> int:
    # Twice the cores: a child spends part of its time starting and ending, not computing.
    return 2 * (os.cpu_count() or 1)


class LocalRunner:
    def __init__(self, settings: Settings, jobs: int | None = None, zygote=None) -> None:
        self.engine = Engine(settings, zygote)
        self.jobs = jobs or default_jobs()
        self._queue: queue.Queue = queue.Queue()
        self._threads = [threading.Thread(target=self._work, name=f"grade-{i}", daemon=True) for i in range(self.jobs)]
        for thread in self._threads:
            thread.start()

    def submit(self, submission) -> Future:
        future: Future = Future()
        self._queue.put((future, submission))
        return future

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, submission = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self.engine.grade(submission))
            except BaseException as exc:  # noqa: BLE001 - handed to the class loop, which decides
                future.set_exception(exc)

    def stop(self) -> None:
        """Stop at once: runs in flight are killed (their futures raise Interrupted), queued ones cancelled."""
        self.engine.stop()
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[0].cancel()

    def shutdown(self, wait: bool = True) -> None:
        for _ in self._threads:
            self._queue.put(None)
        deadline = None if wait else time.monotonic() + SHUTDOWN_WAIT_S
        for thread in self._threads:
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        self.engine.close()

    @property
    def description(self) -> str:
        return f"{self.jobs} at a time on this machine"
