"""The state of one grading run, and its steps: collect, isolate (then pytest runs the
checks), score. The order is declared once, in plugin.py's hooks:

    collect   snapshot.take       copy each workspace's files; refuse what cannot run
    isolate   Grading.isolate     run every (student, exercise) in the sandbox, in parallel,
                                  in a background thread (Grading.run_of waits for one run)
    check     pytest items        compare each answer with the oracle, in this process,
                                  student by student as their runs come back
    score     results.build       points per test, exercise, student
    report    grader.report.*     terminal, JSON, gradebook, Gradescope, feedback
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import torch

from grader import snapshot
from grader.catalog import load
from grader.checks import static
from grader.checks.plan import Draw, Op
from grader.checks.submission import Run, parse_run
from grader.sandbox import pool, protocol


@dataclass
class Options:
    students: dict[str, Path]  # student id -> workspace folder
    device: torch.device
    exercises: list[str] = field(default_factory=list)  # empty: all
    seed: int | None = None
    timeout_s: float | None = None
    memory_mb: int | None = None
    jobs: int | None = None
    on_progress: object = None  # callable(done, total) while isolating
    hidden_dir: Path | None = None


class Grading:
    """Everything a grading session knows; kept in pytest's config.stash."""

    def __init__(self, options: Options) -> None:
        catalog = load()
        # The checks' tensors are tiny: one thread is fastest, and an OpenMP pool would
        # fight the sandboxed runs for the same cores.
        torch.set_num_threads(1)
        self.options = options
        self.device = options.device
        self.seed = options.seed if options.seed is not None else secrets.randbits(32)
        self.timeout_s = options.timeout_s or catalog.limits["timeout_s"]
        self.memory_mb = options.memory_mb or catalog.limits["memory_mb"]
        self.output_bytes = catalog.limits["output_bytes"]
        # Twice the cores: a run spends part of its time starting and ending, not computing.
        self.jobs = options.jobs or 2 * (os.cpu_count() or 1)
        self.plans: dict[str, list[Op]] = {}  # module key -> operations
        self.exercise_of: dict[str, str] = {}  # module key -> exercise name
        self.runs: dict[tuple[str, str], Run] = {}
        self.outcomes: list[dict] = []
        self._snaps: dict[str, snapshot.Snapshot] = {}
        self._raws: dict[tuple[str, str], object] = {}
        self._pending: set[tuple[str, str]] = set()
        self._arrival = threading.Condition()
        self._finished = False
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None

    @property
    def students(self) -> list[str]:
        return sorted(self.options.students)

    def isolate(self, modules: dict[str, object]) -> None:
        """Collect every student's files, then start running every (student, check module) in
        the sandbox, in a background thread: checks of the first students run while later
        students are still in the sandbox. run_of() waits for the run it needs."""
        workdir = Path(tempfile.mkdtemp(prefix="cnn-grade-"))
        os.chmod(workdir, 0o711)  # an unprivileged runner must reach its own folders below
        jobs = []
        for key, module in modules.items():
            self.exercise_of[key] = module.EXERCISE
            self.plans[key] = module.plan(Draw(self.seed, f"{Path(key).parent.name}/{Path(key).name}"))
        exercises = sorted(set(self.exercise_of.values()))
        for index, student in enumerate(self.students):
            snap = snapshot.take(student, self.options.students[student], workdir / f"s{index}" / "ws", exercises)
            self._snaps[student] = snap
            for number, key in enumerate(modules):
                if self.exercise_of[key] in snap.problems:
                    continue  # nothing to run: the run is the snapshot's message
                scratch = workdir / f"s{index}" / f"run{number}"
                scratch.mkdir(parents=True)
                jobs.append(pool.Job((student, key), self._request(key, snap.copy_dir, scratch)))
        self._pending = {job.key for job in jobs}
        self._thread = threading.Thread(target=self._run_jobs, args=(jobs, workdir), daemon=True)
        self._thread.start()

    def _run_jobs(self, jobs: list, workdir: Path) -> None:
        total, done = len(jobs), [0]

        def arrived(key, raw) -> None:
            with self._arrival:
                self._raws[key] = raw
                done[0] += 1
                self._arrival.notify_all()
            if self.options.on_progress:
                self.options.on_progress(done[0], total)

        try:
            pool.run_all(jobs, self.jobs, self.output_bytes, on_done=arrived)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which reports it
            self._failure = exc
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            with self._arrival:
                self._finished = True
                self._arrival.notify_all()

    def run_of(self, student: str, key: str) -> Run:
        """The parsed run of one student and check module, waiting for the sandbox if needed."""
        if (student, key) not in self.runs:
            if (student, key) in self._pending:
                with self._arrival:
                    self._arrival.wait_for(lambda: (student, key) in self._raws or self._finished)
                if self._failure is not None:
                    raise RuntimeError(f"the sandbox failed: {self._failure}") from self._failure
            raw = self._raws.pop((student, key), None)
            self.runs[(student, key)] = self._parse(raw, key, self._snaps[student])
        return self.runs[(student, key)]

    def finish(self) -> None:
        """Wait for the sandbox and parse every run (reports look at all of them)."""
        if self._thread is not None:
            self._thread.join()
        for student in self.students:
            for key in self.plans:
                self.run_of(student, key)

    def _request(self, key: str, workspace: Path, scratch: Path) -> dict:
        name = self.exercise_of[key]
        tensors: dict[str, torch.Tensor] = {}
        nodes = {}
        for op in self.plans[key]:
            nodes[op.id] = {
                "args": [protocol.encode(a, tensors) for a in op.args],
                "kwargs": {k: protocol.encode(v, tensors) for k, v in op.kwargs.items()},
                "load_state": None if op.load_state is None
                else {k: protocol.encode(v, tensors) for k, v in op.load_state.items()},
                "inputs": [protocol.encode(x, tensors) for x in op.inputs],
                "grad_outputs": [protocol.encode(g, tensors) for g in op.grad_outputs],
            }
        return {
            "workspace": str(workspace),
            "scratch": str(scratch),
            "module": name,
            "device": str(self.device),
            "forbidden": list(load().get(name).forbidden),
            "memory_mb": self.memory_mb,
            "timeout_s": self.timeout_s,
            "drop_privileges": os.geteuid() == 0,
            "ops": [{"id": op.id, "op": op.kind, "name": op.name, "report_args": op.report_args}
                    for op in self.plans[key]],
            "inputs": protocol.pack(nodes, tensors),
        }

    def _parse(self, raw, key: str, snap: snapshot.Snapshot) -> Run:
        name = self.exercise_of[key]
        file = f"{name}.py"
        if raw is None:
            run = Run(name, file, {op.id: op for op in self.plans[key]}, self.device, self.timeout_s)
            run.problem = snap.problems.get(name, "This exercise was not run.")
            return run
        run = parse_run(raw, name, file, self.plans[key], self.device, self.timeout_s,
                        snap.sources.get(name))
        run.forbidden = static.forbidden_message(run, load().get(name).forbidden)
        return run
