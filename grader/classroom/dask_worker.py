"""The kit on a Dask worker: a WorkerPlugin that starts the grader's own sandbox there, and the task.

DaskRunner (dask_runner.py) registers one KitPlugin per grading run; Dask hands it to every
worker of the cluster, those that join later too, and calls its setup there:

    check    a worker whose kit, torch or device is not the grader's (its fingerprint differs)
             is refused: it says so in one line, to the grader and in its log, and takes no task
    hidden   the instructor's hidden checks arrive as text and are written to a private folder
    engine   an Engine and its fork server, started from the worker's main thread (the fork
             server dies with that thread: it never outlives the worker)
    offer    the worker announces a resource named after the run, one per thread; every task
             of the run asks for one, so tasks go only to workers whose sandbox is ready

`grade` is the task: one submission in as plain data, its result out as JSON text. The
sandboxed run and the trusted comparison with the reference both happen on the worker;
only data crosses the network. Dask workers are daemonic processes, which may not start
multiprocessing children: the sandbox forks from its own server with os.fork instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import asdict
from pathlib import Path

from distributed import WorkerPlugin, get_worker
from distributed.diagnostics.plugin import SchedulerPlugin

PREFIX = "cnn-grader-"  # of each run's plugin and resource name, followed by its client's id
TOPIC = "cnn-grader"  # the event a worker logs when it refuses, which the grader prints
HIDDEN_PREFIX = "cnn-grade-hidden-"  # a killed worker's hidden folder is removed by the next Engine

logger = logging.getLogger(__name__)


class KitPlugin(WorkerPlugin):
    """One grading run's sandbox on a worker; its attributes are plain data, set by the grader."""

    def __init__(self, name: str, settings: dict, hidden: dict[str, str], fingerprint: str) -> None:
        self.name = name
        self.settings = settings  # asdict(Settings) of the grader, hidden_dir replaced on the worker
        self.hidden = hidden  # file name -> text of the instructor's check_*.py
        self.fingerprint = fingerprint  # the grader's: what decides a grade there
        self.protocol = _protocol()  # the grader's copy of this file: what the two sides say to each other

    async def setup(self, worker) -> None:
        self.engine, self.refusal, self.hidden_dir = None, "", None
        self._busy, self._lock = 0, threading.Lock()
        try:
            settings = await asyncio.to_thread(self._checked_settings)
            # Here, in the worker's main thread: the fork server is tied to the thread that
            # starts it (PR_SET_PDEATHSIG), and this one lives as long as the worker.
            from grader.sandbox.zygote import Zygote

            zygote = Zygote(many_runs=True)  # a worker grades many submissions
            try:
                self.engine = await asyncio.to_thread(_start_engine, settings, zygote)
            except BaseException:
                zygote.close()
                raise
        except Exception as exc:  # noqa: BLE001 - whatever it is, this worker cannot grade for the run
            self.refusal = str(exc) if isinstance(exc, WrongKit) else f"its sandbox did not start: " \
                                                                       f"{type(exc).__name__}: {exc}"
            logger.error("refusing to grade for %s: %s", self.name, self.refusal)
            worker.log_event(TOPIC, {"run": self.name, "worker": worker.address, "refused": self.refusal})
            self._remove_hidden()
            return
        await worker.set_resources(**{self.name: worker.state.nthreads})

    def _checked_settings(self):
        from grader.classroom.fingerprint import fingerprint
        from grader.devices import resolve
        from grader.engine.engine import NAMESPACES_ENV, Settings
        from grader.sandbox import cleanup

        if self.hidden:
            self.hidden_dir = str(cleanup.private_folder(HIDDEN_PREFIX))
            for file_name, text in self.hidden.items():
                with open(os.path.join(self.hidden_dir, os.path.basename(file_name)), "w", encoding="utf-8") as file:
                    file.write(text)
        # Per-run namespaces: off where either side switches them off (a container that refuses them).
        namespaces = self.settings["namespaces"] and os.environ.get(NAMESPACES_ENV, "1") != "0"
        settings = Settings(**{**self.settings, "exercises": tuple(self.settings["exercises"]),
                               "hidden_dir": self.hidden_dir, "namespaces": namespaces})
        try:
            resolve(settings.device)
        except ValueError as exc:  # "--device cuda: CUDA is not available on this machine"
            raise WrongKit(str(exc)) from exc
        if _protocol() != self.protocol:
            raise WrongKit(f"its {__name__} is another version than the grader's: install the grader's kit there")
        mine = fingerprint(settings)
        if mine != self.fingerprint:
            raise WrongKit(f"it runs another version of the kit, torch or device (fingerprint {mine}, "
                           f"the grader's {self.fingerprint}): install the grader's version there")
        return settings

    def state(self) -> str:
        return "ready" if self.engine is not None else (self.refusal or "starting")

    def grade(self, submission: dict) -> str:
        from grader.submission import Submission

        if self.engine is None:
            raise RuntimeError(f"this worker cannot grade for {self.name}: {self.state()}")
        with self._lock:
            self._busy += 1
        try:
            result = self.engine.grade(Submission.from_dict(submission))
        finally:
            with self._lock:
                self._busy -= 1
        return json.dumps(result.to_dict())

    async def teardown(self, worker) -> None:
        """The run is over, or stopped: runs in flight are killed, the fork server and folders removed."""
        from grader.engine.attempt import POLL_S, STOP_GRACE_S

        engine, self.engine = getattr(self, "engine", None), None
        if engine is not None:
            engine.stop()
            # Each run in flight sees the stop within POLL_S, and its supervisor is killed if it has
            # not ended the run STOP_GRACE_S later: only then may the engine's folders go.
            end = time.monotonic() + POLL_S + STOP_GRACE_S + 1.0
            while self._busy and time.monotonic() < end:
                await asyncio.sleep(0.05)
            await asyncio.to_thread(engine.close)
        self._remove_hidden()

    def _remove_hidden(self) -> None:
        if getattr(self, "hidden_dir", None):
            from grader.sandbox import cleanup

            cleanup.remove_private_folder(self.hidden_dir)
            self.hidden_dir = None


class WrongKit(RuntimeError):
    """This worker's kit would grade differently from the grader's, or it lacks the grader's device."""


def _protocol() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _start_engine(settings, zygote):
    from grader.engine.engine import Engine

    engine = Engine(settings, zygote)
    zygote.wait_ready()  # the first submission should not pay for the fork server's torch import
    return engine


def grade(name: str, submission: dict) -> str:
    """The task: grade one submission (Submission.to_dict()) with run `name`'s engine; JSON text back."""
    plugin = get_worker().plugins.get(name)
    if plugin is None:
        raise RuntimeError(f"this worker has no sandbox for {name}: the run was stopped or its grader went away")
    return plugin.grade(submission)


def state(name: str, dask_worker) -> str:
    """For Client.run: 'ready', 'starting', or why this worker refused the run."""
    plugin = dask_worker.plugins.get(name)
    return plugin.state() if plugin is not None else "no plugin"


class Janitor(SchedulerPlugin):
    """On the scheduler: when a grader's client goes away without ending its run (killed), its
    plugin is removed, so no worker keeps that run's fork server, or starts one when it joins."""

    name = f"{PREFIX}janitor"
    idempotent = True

    def remove_client(self, scheduler, client: str) -> None:
        name = PREFIX + client
        if name in scheduler.worker_plugins:
            scheduler.loop.add_callback(_unregister, scheduler, name)


async def _unregister(scheduler, name: str) -> None:
    try:
        await scheduler.unregister_worker_plugin(None, name)
    except Exception:  # noqa: BLE001 - a worker that died meanwhile took the run's sandbox with it
        logger.info("%s: some workers were gone when its plugin was removed", name)


def settings_data(settings) -> dict:
    """The grader's Settings as plain data for the plugin."""
    return {**asdict(settings), "exercises": list(settings.exercises)}
