"""One platform upload graded: the finished part published as it grows, a deadline kept.

    start       a result saying that nothing is graded yet is published at once, so a
                platform that kills the grader still shows an honest note, never a silent 0
    read        the upload, whatever its shape (grader.sources.upload); what cannot be used
                becomes its exercise's problem, which says what to upload
    fork        the fork server starts (its torch import overlaps the grader's own), unless
                nothing in the upload can run
    cap         a run's memory cap: the fork server's own size plus the bundle's budget
    grade       one Engine, as `grader check` uses; each finished exercise is published
    deadline    past the bundle's deadline the runs are stopped and the finished part kept

A failure of the grader's own (the sandbox, a broken hidden check) comes back as an
infra_error result: each platform says so without giving the student a 0.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from grader.catalog import load
from grader.platforms.settings import BundleSettings
from grader.result import ExerciseResult, SubmissionResult

NOT_GRADED = "not graded"
STUDENT = "submission"  # the platform knows who; the grade depends only on the files


@dataclass
class Graded:
    """A result and what a platform says beside it."""

    result: SubmissionResult  # status "not graded" while (or when) some exercises did not finish
    problems: dict[str, str] = field(default_factory=dict)  # exercise -> what the upload lacks
    stopped: str = ""  # why grading stopped before the end: UNFINISHED, DEADLINE, or "" when it ended

    @property
    def not_graded(self) -> list[str]:
        return [e.name for e in self.result.exercises if e.status == NOT_GRADED]


UNFINISHED = "unfinished"  # published while grading: what stays if the platform ends the grader
DEADLINE = "deadline"  # the grader stopped itself at the bundle's deadline


def grade_upload(folder: Path, settings: BundleSettings, publish: Callable[[Graded], None],
                 hidden_dir: str | None = None) -> Graded:
    """Grade the upload in folder; publish(graded) before grading and after each exercise."""
    started = time.monotonic()
    exercises = list(settings.exercises)
    finished: dict[str, ExerciseResult] = {}
    publish(Graded(partial(exercises, finished), stopped=UNFINISHED))
    zygote = engine = None
    try:
        from grader.sources.upload import read_upload

        submission = read_upload(STUDENT, folder, exercises)  # before torch: reading is quick
        problems = dict(submission.problems)
        from grader.sandbox.zygote import Zygote

        # The fork server first: its torch import overlaps the grader's own. An upload with
        # nothing to run needs none: its problems are its grade.
        zygote = Zygote() if len(problems) < len(exercises) else None
        from grader.engine.engine import Engine, Interrupted, Settings

        memory_mb = 0
        if zygote is not None:
            zygote.wait_ready()
            memory_mb = fork_server_mb(zygote.process.pid) + settings.run_memory_mb
        engine = Engine(Settings(device="cpu", exercises=tuple(exercises), timeout_s=settings.timeout_s,
                                 memory_mb=memory_mb, hidden_dir=hidden_dir), zygote)

        def on_exercise(exercise: ExerciseResult) -> None:
            finished[exercise.name] = exercise
            publish(Graded(partial(exercises, finished), problems, UNFINISHED))

        timer = threading.Timer(max(0.0, settings.deadline_s - (time.monotonic() - started)), engine.stop)
        timer.daemon = True
        timer.start()
        try:
            result = engine.grade(submission, on_exercise=on_exercise)
        except Interrupted:
            return Graded(partial(exercises, finished), problems, DEADLINE)
        finally:
            timer.cancel()
        result.seconds = round(time.monotonic() - started, 3)
        return Graded(result, problems)
    except Exception as exc:  # noqa: BLE001 - whatever failed is the grader's, never the student's
        traceback.print_exc(file=sys.stderr)
        return Graded(failed(exercises, f"{type(exc).__name__}: {exc}", finished))
    finally:
        if engine is not None:
            engine.close()
        if zygote is not None:
            zygote.close()


def partial(exercises: list[str], finished: dict[str, ExerciseResult]) -> SubmissionResult:
    """The finished exercises as graded, the others 'not graded' with no points given."""
    catalog = load()
    shown = [finished.get(name) or ExerciseResult(name, catalog.get(name).title, NOT_GRADED, 0.0,
                                                  float(catalog.get(name).points))
             for name in exercises]
    done = all(name in finished for name in exercises)
    return SubmissionResult(status="graded" if done else NOT_GRADED,
                            score=round(sum(e.score for e in shown), 2),
                            max_score=round(sum(e.max_score for e in shown), 2), device="cpu", seed=None,
                            isolation="", exercises=shown)


def failed(exercises: list[str], why: str, finished: dict[str, ExerciseResult] | None = None) -> SubmissionResult:
    """The grader's own failure: an infra_error result, which no platform may turn into points."""
    result = partial(exercises, finished or {})
    result.status, result.infra = "infra_error", why
    return result


def fork_server_mb(pid: int) -> int:
    """The fork server's address space in MB: what every run inherits before it allocates anything."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) // 1024 + 1
    raise RuntimeError("the fork server's size could not be read from /proc")
