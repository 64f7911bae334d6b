"""The state of one grading run, and its steps: collect, isolate (then pytest runs the
checks), score. The order is declared once, in plugin.py's hooks:

    collect   snapshot.take       copy each workspace's files; refuse what cannot run
    isolate   Grading.isolate     run every (student, exercise) in the sandbox, in parallel
    check     pytest items        compare each answer with the oracle, in this process
    score     results.build       points per test, exercise, student
    report    grader.report.*     terminal, JSON, gradebook, Gradescope, feedback
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
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
        self.jobs = options.jobs or os.cpu_count() or 1
        self.plans: dict[str, list[Op]] = {}  # module key -> operations
        self.exercise_of: dict[str, str] = {}  # module key -> exercise name
        self.runs: dict[tuple[str, str], Run] = {}
        self.outcomes: list[dict] = []
        self.isolate_seconds = 0.0

    @property
    def students(self) -> list[str]:
        return sorted(self.options.students)

    def isolate(self, modules: dict[str, object]) -> None:
        """Collect and run every selected exercise of every student in the sandbox."""
        started = time.monotonic()
        workdir = Path(tempfile.mkdtemp(prefix="cnn-grade-"))
        os.chmod(workdir, 0o711)  # an unprivileged runner must reach its own folders below
        try:
            jobs, snaps = [], {}
            for key, module in modules.items():
                self.exercise_of[key] = module.EXERCISE
                self.plans[key] = module.plan(Draw(self.seed, f"{Path(key).parent.name}/{Path(key).name}"))
            exercises = sorted(set(self.exercise_of.values()))
            for index, student in enumerate(self.students):
                snap = snapshot.take(student, self.options.students[student], workdir / f"s{index}" / "ws", exercises)
                snaps[student] = snap
                for number, key in enumerate(modules):
                    if self.exercise_of[key] in snap.problems:
                        continue
                    scratch = workdir / f"s{index}" / f"run{number}"
                    scratch.mkdir(parents=True)
                    jobs.append(pool.Job((student, key), self._request(key, snap.copy_dir, scratch)))
            total = len(jobs)
            progress = self.options.on_progress
            done = [0]

            def tick(key, raw):
                done[0] += 1
                if progress:
                    progress(done[0], total)

            raws = pool.run_all(jobs, self.jobs, self.output_bytes, on_done=tick)
            for student, snap in snaps.items():
                for key in modules:
                    self.runs[(student, key)] = self._parse(raws.get((student, key)), key, snap)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        self.isolate_seconds = time.monotonic() - started

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
            "device": self.device.type if self.device.index is None else str(self.device),
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
            run = Run(name, file, {op.id: op for op in self.plans[key]}, self.device, self.timeout_s, self.memory_mb)
            run.problem = snap.problems.get(name, "This exercise was not run.")
            return run
        run = parse_run(raw, name, file, self.plans[key], self.device, self.timeout_s, self.memory_mb,
                        snap.sources.get(name))
        run.forbidden = static.forbidden_message(run, load().get(name).forbidden)
        return run
