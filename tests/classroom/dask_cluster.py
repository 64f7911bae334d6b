"""A real Dask cluster for the tests: `dask scheduler` and `dask worker` processes on 127.0.0.1.

Every process it starts (the scheduler, each worker's nanny and worker, their fork servers)
carries a marker in its environment, so the tests can find them all, and stop each by its pid.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.classroom.class_runs import KIT, marked

STOP_S = 10.0


class Cluster:
    def __init__(self, logs: Path, workers: int = 2, threads: int = 2) -> None:
        self.marker = f"CNN_TEST_RUN={uuid.uuid4().hex}"
        self.logs = logs
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.scheduler = self._start("scheduler", "scheduler", "--host", "127.0.0.1", "--port",
                                     self.address.rsplit(":", 1)[1], "--no-dashboard",
                                     "--dashboard-address", "127.0.0.1:0")
        self.workers = [self._start(f"worker{i}", "worker", self.address, "--nworkers", "1", "--nthreads",
                                    str(threads), "--no-dashboard", "--name", f"w{i}") for i in range(workers)]

    def _start(self, name: str, *command: str) -> subprocess.Popen:
        env = {**os.environ, "CNN_TEST_RUN": self.marker.split("=", 1)[1]}
        env.pop("PYTEST_ADDOPTS", None)
        log = (self.logs / f"{name}.log").open("w")
        return subprocess.Popen([sys.executable, "-m", "dask", *command], cwd=KIT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, workers: int, timeout: float = 60) -> None:
        from distributed import Client

        with Client(self.address, timeout=timeout, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=timeout)

    def processes(self) -> list[int]:
        return marked(self.marker)

    def stop(self) -> list[int]:
        """Stop the scheduler and the workers by their pids; the pids of what outlived them (killed too)."""
        for group in (self.workers, [self.scheduler]):  # workers first: without a scheduler they wait for one
            for process in group:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            end = time.monotonic() + STOP_S
            for process in group:
                try:
                    process.wait(max(0.1, end - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        return kill_leftovers(self.marker)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def kill_leftovers(marker: str, settle_s: float = 3.0) -> list[int]:
    """The marked processes still alive after settle_s (a fork server dies with its worker, a run
    with its fork server's control pipe): each killed by its pid, and returned."""
    end = time.monotonic() + settle_s
    while marked(marker) and time.monotonic() < end:
        time.sleep(0.05)
    left = marked(marker)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
