"""Runners grade submissions and hand back futures: the standard Executor interface.

    runner.submit(submission) -> Future[SubmissionResult]

LocalRunner grades on this machine: one Engine (one warm fork server) shared by a pool of
threads, each waiting on its own sandboxed child, then checking its answers. The Dask
runner (dask_runner.py) is the same interface over a cluster. The class loop in cli.py
knows only this interface.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor

from grader.engine.engine import Engine, Settings


def default_jobs() -> int:
    # Twice the cores: a child spends part of its time starting and ending, not computing.
    return 2 * (os.cpu_count() or 1)


class LocalRunner:
    def __init__(self, settings: Settings, jobs: int | None = None) -> None:
        self.engine = Engine(settings)
        self.jobs = jobs or default_jobs()
        self._pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="grade")

    def submit(self, submission) -> Future:
        return self._pool.submit(self.engine.grade, submission)

    def stop(self) -> None:
        """Stop at once: runs in flight are killed (their futures raise Interrupted), queued ones cancelled."""
        self.engine.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
        self.engine.close()

    @property
    def description(self) -> str:
        return f"{self.jobs} at a time on this machine"
