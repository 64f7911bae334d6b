"""Grade one submission: the pipeline every front end shares (check, watch, class, platforms).

    units     request.units_for    the check modules' plans, inputs seeded per file
    isolate   attempt.Attempt      one sandboxed child for all units; after a crash or a
                                   time-out, a fresh child runs the units not reached
    check     checking.run_checks  each unit's answers checked here as soon as it ends
    score     _score               points per check, exercise, submission

An Engine keeps its fork server warm between submissions and is safe to share between
threads: the local class runner calls grade() from a pool of threads, a Dask worker from
its own. A failure of the grader's side is retried once, then reported as infra_error:
never a score.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

import torch

from grader.catalog import load
from grader.checks import static
from grader.checks.submission import parse_unit
from grader.escape import terminal
from grader.engine import checking, request, suite, warmup
from grader.engine.suite import BrokenChecks  # noqa: F401 - the error front ends catch
from grader.engine.settings import NAMESPACES_ENV, Settings, settings_for  # noqa: F401 - where callers import them
from grader.engine.attempt import STARTUP_S, Attempt, UnitRaw
from grader.result import ExerciseResult, SubmissionResult, TestResult, summary, worst
from grader.sandbox import cgroup, cleanup
from grader.sandbox.zygote import Zygote
from grader.submission import Submission


FOLDER_PREFIX = "cnn-grade-"
WARMUP_WAIT_S = 10.0


class Interrupted(Exception):
    """The grader was asked to stop before this submission was graded: no verdict."""


@dataclass
class _Progress:
    runs: dict = field(default_factory=dict)  # unit index -> (Run, [Outcome], check seconds)


class Engine:
    def __init__(self, settings: Settings, zygote: Zygote | None = None) -> None:
        # The checks' tensors are small: one thread each is fastest, and an OpenMP pool per op
        # would fight the sandboxed children, and the other grading threads, for the same cores.
        torch.set_num_threads(1)
        self._warmup = warmup.start()
        self.settings = settings.resolved()
        self.modules = suite.modules_for(list(self.settings.exercises), self.settings.hidden_dir)
        limits = load().limits
        self.output_bytes = int(limits["output_bytes"])
        # A submission's total time: a few per-exercise limits, however many exercises hang.
        self.budget_s = float(limits["budget_timeouts"]) * self.settings.timeout_s
        self.max_timeouts = int(limits["max_timeouts"])
        self.check_budget_s = float(limits["check_budget_s"])
        self._zygote = zygote
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        cleanup.remove_leftovers(FOLDER_PREFIX)  # what a grader killed by SIGKILL left behind
        cgroup.remove_leftovers()
        self.run_root = str(cleanup.private_folder(FOLDER_PREFIX))
        os.chmod(self.run_root, 0o711)  # a run's own uid must reach its folder below; nobody may list it

    @property
    def device(self) -> torch.device:
        return torch.device(self.settings.device)

    def grade(self, submission: Submission, exercises: list[str] | None = None,
              on_exercise: Callable[[ExerciseResult], None] | None = None) -> SubmissionResult:
        """Grade every exercise of the settings, or only those named (watch re-checks one).

        on_exercise, when given, receives each exercise's result as soon as all of its units
        have ended (one with nothing to run, such as a missing file, at once), so a platform
        can publish the finished part of a submission before the rest is graded; the
        returned result is the whole of it."""
        started = time.monotonic()
        chosen = [n for n in self.settings.exercises if exercises is None or n in exercises]
        modules = [m for m in self.modules if m.exercise in chosen]
        after_unit = None
        if on_exercise is not None:
            after_unit = self._announcer(submission, chosen, modules, on_exercise)
        units, progress, confinement, infra = self.isolate(submission, modules, check=True, after_unit=after_unit)
        return self._score(submission, chosen, modules, units, progress, confinement, infra,
                           time.monotonic() - started)

    def _announcer(self, submission: Submission, chosen: list[str], modules, on_exercise):
        """after_unit for isolate(): hands each exercise to on_exercise once its units are all in.

        An exercise with no unit (its file is missing or unusable) is complete from the start."""
        announced: set[str] = set()

        def after_unit(units: list[request.Unit], progress: _Progress) -> None:
            for name in chosen:
                if name in announced:
                    continue
                indices = [i for i, u in enumerate(units) if u.exercise == name]
                if all(i in progress.runs for i in indices):
                    announced.add(name)
                    on_exercise(self._exercise(submission, name, modules, units, progress))

        return after_unit

    def isolate(self, submission: Submission, modules: list[suite.CheckModule], check: bool,
                after_unit: Callable[[list, _Progress], None] | None = None):
        """Run every unit of the submission in the sandbox: (units, progress, confinement, infra).

        progress.runs maps a unit's index to (Run, outcomes, check seconds) when check is
        true (each unit checked as soon as it ends), to (Run, [], 0.0) otherwise.
        after_unit(units, progress), when given, is called before the first run and after each unit."""
        units = request.units_for(submission, modules, self.settings.seed)
        payload, inputs = request.encode(units, submission.files, self.settings)
        payload["run_root"] = self.run_root
        progress = _Progress()
        confinement, infra = "", ""

        def on_unit(index: int, raw) -> None:
            progress.runs[index] = self._check(units[index], raw, submission, check)
            if after_unit is not None:
                after_unit(units, progress)

        if after_unit is not None:
            after_unit(units, progress)

        first, retried, timeouts = 0, False, 0
        try:  # the budget is the submission's own time: not the fork server's start (a torch import)
            self._fork_server().wait_ready()
        except (OSError, EOFError, RuntimeError):
            pass  # the attempt below reports it as the grader's failure
        budget_end = time.monotonic() + self.budget_s + STARTUP_S  # the first child's set-up, as its unit gets
        while first < len(units):
            if timeouts >= self.max_timeouts or time.monotonic() >= budget_end:
                for index in range(first, len(units)):  # not run: the submission's time is spent
                    on_unit(index, UnitRaw(failure={"kind": "timeout", "seconds": self.settings.timeout_s,
                                                    "budget": "not run", "timeouts": timeouts}))
                break
            attempt = Attempt([{op.id for op in u.ops} for u in units], first, self.settings.timeout_s,
                              self.output_bytes, self._stopping.is_set, budget_end)
            outcome = attempt.run(self._fork_server(), payload, inputs, on_unit)
            confinement = confinement or outcome.confinement
            for index, raw in sorted(outcome.raws.items()):
                if index not in progress.runs:  # the unit the child died in: its checks explain how
                    if (raw.failure or {}).get("kind") == "interrupted":
                        raise Interrupted()
                    timeouts += (raw.failure or {}).get("kind") == "timeout"
                    on_unit(index, raw)
            if self._stopping.is_set():
                raise Interrupted()
            if outcome.infra:
                if retried:
                    infra = outcome.infra
                    break
                retried = True
            first = outcome.next_unit
        return units, progress, confinement, infra

    def _check(self, unit: request.Unit, raw, submission: Submission, check: bool):
        name = unit.exercise
        run = parse_unit(raw, name, f"{name}.py", unit.ops, self.device, self.settings.timeout_s,
                         submission.files.get(f"{name}.py"))
        run.forbidden = static.rule_message(run, load().get(name))
        if not check:
            return run, [], 0.0
        started = time.monotonic()
        outcomes = checking.run_checks(unit.module, run, self.check_budget_s)
        return run, outcomes, time.monotonic() - started

    def _exercise(self, submission: Submission, name: str, modules, units, progress: _Progress):
        """One exercise's result from the units that ran (a missing unit: its problem, or infra_error)."""
        entry = load().get(name)
        outcomes, statuses, output, sandbox_s, check_s = [], [], "", 0.0, 0.0
        for module in (m for m in modules if m.exercise == name):
            index = next((i for i, u in enumerate(units) if u.module is module), None)
            if index is None or index not in progress.runs:
                problem = submission.problems.get(name) or "This exercise was not run."
                outcomes += checking.problem_outcomes(module, problem)
                statuses.append("missing" if submission.is_missing(name) else
                                "error" if name in submission.problems else "infra_error")
                continue
            run, unit_outcomes, unit_check_s = progress.runs[index]
            outcomes += unit_outcomes
            statuses.append(run.status)
            if any(o.status == "error" for o in unit_outcomes):
                statuses.append("infra_error")  # a check of the grader's own failed
            if not module.hidden:
                output = terminal(run.output)  # shown in a terminal, JSON and Markdown: no control sequence
            sandbox_s += run.seconds
            check_s += unit_check_s
        share = entry.points / len(outcomes) if outcomes else 0.0
        tests = [TestResult(o.name, o.status, terminal(o.message), round(share if o.status == "passed" else 0.0, 4),
                            round(share, 4), o.mistake, o.hidden) for o in outcomes]
        score = round(sum(t.score for t in tests), 2)
        return ExerciseResult(name, entry.title, worst(statuses), score, entry.points, tests, output,
                              round(sandbox_s, 4), round(check_s, 4))

    def _score(self, submission: Submission, chosen: list[str], modules, units, progress: _Progress,
               confinement: str, infra: str, seconds: float) -> SubmissionResult:
        exercises = [self._exercise(submission, name, modules, units, progress) for name in chosen]
        status = "infra_error" if infra else summary(e.status for e in exercises)
        if status == "infra_error" and not infra:
            infra = "; ".join(sorted({t.message for e in exercises for t in e.tests if t.status == "error"})) \
                or "an exercise could not be run"
        return SubmissionResult(
            status=status, score=round(sum(e.score for e in exercises), 2),
            max_score=round(sum(e.max_score for e in exercises), 2), device=str(self.device),
            seed=self.settings.seed, isolation=confinement, exercises=exercises,
            extra_files=list(submission.extras), seconds=round(seconds, 4), infra=infra)

    def _fork_server(self) -> Zygote:
        with self._lock:
            if self._zygote is None or not self._zygote.alive():
                if self._zygote is not None:
                    self._zygote.close()
                self._zygote = Zygote()
            return self._zygote

    def stop(self) -> None:
        """Stop every run in flight (their children are killed); grade() raises Interrupted."""
        self._stopping.set()

    def close(self, leaving: bool = False) -> None:
        """leaving=True: the process ends with os._exit next, so the warm-up is not waited for."""
        # A warm-up still inside a torch operation when the interpreter ends aborts the process
        # (C++'s terminate): a grading that ran nothing (an unusable upload) ends before it does.
        if not leaving:
            self._warmup.join(timeout=WARMUP_WAIT_S)
        with self._lock:
            if self._zygote is not None:
                self._zygote.close()
                self._zygote = None
        cleanup.remove_private_folder(self.run_root)
