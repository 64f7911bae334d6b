"""DaskRunner: the class runner's interface (runner.py) over a Dask cluster.

    runner.submit(submission) -> Future[SubmissionResult]

The grader (this process) keeps the result store and decides what to grade; the cluster
only grades. At start, one KitPlugin (dask_worker.py) is registered: it carries the
settings, the hidden checks' text and the grader's fingerprint to every worker, which
starts the kit's own sandbox or refuses, in one line, to grade with another kit. Then
each submission is one Dask task, sent as Submission.to_dict() and answered with the
result as JSON text, parsed here with SubmissionResult.from_dict: plain data both ways.

Failures stay the grader's, never a student's 0. A worker that dies mid-task has its
tasks rescheduled on another worker by Dask itself (the scheduler's allowed-failures); a
task that keeps killing workers ends in KilledWorker, which the class loop retries once
and then lists as infra_error. A task Dask drops on its own (the scheduler lost) fails
its future with the reason, rather than passing for a stop.

stop() cancels every future and ends the runs in flight: a LocalCluster's worker
processes are killed (their fork servers and runs die with them); on a cluster that
stays, closing the client is enough, as the Janitor on the scheduler then unregisters the
run's plugin, whose teardown kills its runs; it does the same for a grader killed outright.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import uuid
from concurrent.futures import CancelledError, Future, InvalidStateError
from pathlib import Path

from grader.classroom.runner import RunnerError

UNREGISTER_S = 15.0  # for every worker to close its sandbox at the end of a run
STOP_S = 1.0  # the same after a stop: the loop must exit within seconds


class DaskRunner:
    def __init__(self, settings, scheduler: str, jobs: int | None = None) -> None:
        try:
            import distributed  # noqa: F401
        except ModuleNotFoundError as exc:
            raise RunnerError("--scheduler needs Dask: pip install -e \".[dask]\"") from exc
        from grader.classroom import dask_cluster

        self.settings, self.scheduler = settings, scheduler
        self._tasks: dict[Future, object] = {}  # our future -> its Dask future, while it runs
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._refused: set[str] = set()
        self._janitor = False  # on the scheduler: it ends this run's sandboxes when our client goes away
        self.cluster, self.client = dask_cluster.connect(scheduler, jobs)
        self.name = ""
        try:
            self._start()
        except BaseException:
            self._close(UNREGISTER_S)
            raise

    def _start(self) -> None:
        from grader.classroom import dask_worker
        from grader.classroom.fingerprint import fingerprint

        self.client.subscribe_topic(dask_worker.TOPIC, self._on_refusal)
        if self.cluster is None:  # a LocalCluster dies with this process: only a cluster that stays needs it
            try:
                self.client.register_plugin(dask_worker.Janitor())
                self._janitor = True
            except Exception as exc:  # noqa: BLE001 - the run works without it; only a killed grader leaks
                print(f"note: the Dask scheduler could not load the kit ({type(exc).__name__}: {exc}); if this "
                      "grader is killed, its fork servers stay on the workers until they restart", file=sys.stderr)
        plugin = dask_worker.KitPlugin(dask_worker.PREFIX + self.client.id, dask_worker.settings_data(self.settings),
                                       _hidden_sources(self.settings.hidden_dir), fingerprint(self.settings))
        try:
            self.client.register_plugin(plugin)
        except Exception as exc:  # noqa: BLE001 - a worker without the kit cannot even load the plugin
            raise RunnerError(f"the Dask workers could not start the kit's plugin ({type(exc).__name__}: {exc}); "
                              "install the kit on every worker, as here") from exc
        self.name = plugin.name
        states = self.client.run(dask_worker.state, self.name)
        for worker, state in sorted(states.items()):
            if state != "ready":
                self._refuse(worker, state)
        if not any(state == "ready" for state in states.values()):
            raise RunnerError(f"no worker of the Dask cluster at {self.scheduler} can grade (see 'refused' above)")

    def _on_refusal(self, event) -> None:
        """A worker refused this run, maybe one that joined after the start: say so, once."""
        _, message = event
        if isinstance(message, dict) and message.get("run") == self.name:
            self._refuse(str(message.get("worker")), str(message.get("refused")))

    def _refuse(self, worker: str, why: str) -> None:
        with self._lock:
            if worker in self._refused:
                return
            self._refused.add(worker)
        print(f"refused: Dask worker {worker} takes no submission: {why}", file=sys.stderr)

    def submit(self, submission) -> Future:
        from grader.classroom import dask_worker

        future: Future = Future()
        if self.client.status != "running":  # reconnecting to a lost scheduler, or given up on it
            future.set_exception(TaskLost(f"the grader is not connected to the Dask scheduler ({self.client.status})"))
            return future
        try:
            task = self.client.submit(dask_worker.grade, self.name, submission.to_dict(), pure=False,
                                      key=f"grade-{submission.digest()[:16]}-{uuid.uuid4().hex[:8]}",
                                      resources={self.name: 1})
        except Exception as exc:  # noqa: BLE001 - a closed client, a lost scheduler: this submission's infra_error
            future.set_exception(exc)
            return future
        with self._lock:
            self._tasks[future] = task
        self.client.loop.add_callback(self._settle, future, task)
        return future

    async def _settle(self, future: Future, task) -> None:
        """On the client's event loop: wait for the task, hand its outcome to our future. No thread
        waits on a result, so nothing holds the process when it exits after a stop."""
        try:
            outcome = result_of(await self.client.gather(task, asynchronous=True))
        except Exception as exc:  # noqa: BLE001 - whatever ended the task is the grader's failure
            outcome = failure_of(exc)
        with self._lock:
            self._tasks.pop(future, None)
        task.release()
        try:
            if self._stopping.is_set():
                future.cancel()
            elif isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        except InvalidStateError:
            pass  # cancelled by stop() meanwhile

    def stop(self) -> None:
        """Stop at once: every future is cancelled, the runs in flight are killed on the workers."""
        self._stopping.set()
        with self._lock:
            tasks, self._tasks = dict(self._tasks), {}
        for future in tasks:
            future.cancel()
        try:
            self.client.cancel(list(tasks.values()))
        except Exception:  # noqa: BLE001 - the scheduler may be gone: nothing left to cancel there
            pass
        if self.cluster is not None:
            self._kill_local_workers()
        elif self._janitor:
            self.name = ""  # closing the client (shutdown) is enough: the janitor unregisters, not waited for
        else:
            self._unregister(STOP_S)

    def _kill_local_workers(self) -> None:
        """The LocalCluster's worker processes are ours: killed by pid, their fork servers and runs go
        with them (PDEATHSIG, control pipes); a graceful close would wait for the tasks in flight."""
        self.name = ""  # nothing left to unregister
        for nanny in list(self.cluster.workers.values()):
            pid = getattr(nanny, "pid", None)
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def shutdown(self, wait: bool = True) -> None:
        if wait and not self._stopping.is_set():
            with self._lock:
                pending = list(self._tasks)
            for future in pending:
                try:
                    future.exception()
                except CancelledError:
                    pass
        self._close(UNREGISTER_S if wait else STOP_S)

    def _close(self, seconds: float) -> None:
        if self.client.status != "running":  # its scheduler is lost: the reconnection our close
            logging.getLogger("distributed.client").setLevel(logging.CRITICAL)  # cancels needs no traceback
        self._unregister(seconds)
        _bounded(lambda: self.client.close(timeout=seconds), seconds + 1)
        if self.cluster is not None:
            _bounded(lambda: self.cluster.close(timeout=seconds), seconds + 1)

    def _unregister(self, seconds: float) -> None:
        """Every worker's sandbox of this run is closed (runs in flight killed); once, within `seconds`."""
        name, self.name = self.name, ""
        if name:
            _bounded(lambda: self.client.unregister_worker_plugin(name), seconds)

    @property
    def description(self) -> str:
        where = "a Dask cluster on this machine" if self.cluster is not None else f"the Dask cluster at {self.scheduler}"
        workers = self.client.scheduler_info().get("workers", {}).values()
        return f"on {where}: {len(workers)} workers, {sum(w.get('nthreads', 0) for w in workers)} threads"


class TaskLost(RuntimeError):
    """Dask ended a task that was neither done nor stopped by us: the grader's failure."""


def result_of(text: str):
    """The SubmissionResult a worker sent as JSON text (a broken one raises: the grader's failure)."""
    from grader.result import SubmissionResult

    return SubmissionResult.from_dict(json.loads(text))


def failure_of(exc: Exception) -> Exception:
    """What a task's failure is to the class loop: the grader's, never a CancelledError, which the
    loop takes for a stop and would move on from silently."""
    from grader.engine.engine import Interrupted

    if isinstance(exc, CancelledError):  # Dask's FutureCancelledError is one: a lost scheduler, a closed client
        return TaskLost(f"the cluster dropped the task before it was graded ({exc}); was the scheduler lost?")
    if isinstance(exc, Interrupted):
        return TaskLost("the worker stopped grading this run before it was done")
    return exc  # KilledWorker, a result that is not one, ...


def _hidden_sources(folder: str | None) -> dict[str, str]:
    """The hidden check modules' text, for workers that cannot read this machine's disk."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("check_*.py"))} if folder else {}


def _bounded(action, seconds: float) -> None:
    """Do `action`, waiting for it `seconds` at most; what it raises is the cluster's and is dropped."""
    def attempt() -> None:
        try:
            action()
        except Exception:  # noqa: BLE001
            pass

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(seconds)
