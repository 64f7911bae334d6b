"""The limits a bundle grades under, fitted to what the platform gives a submission.

A platform gives a submission one container: Gradescope 768 MB and 10 minutes by default
(0.5 vCPU), PrairieLearn's grader hosts 2 GB and a timeout the question sets (at most 10
minutes). The bundle must fit inside both, so the student's code is stopped by the kit's
own limits, with a message, and never by the platform's, which leaves no explanation:

memory  the grader and its fork server each hold torch (about 450 MB at their peak with a run
        of a reference solution, page cache included, measured under a 768 MB cgroup). A
        run may add run_memory_mb on top of what it inherits from the fork server; the cap
        (RLIMIT_AS) is set when grading starts, from the fork server's own size, since the
        address space torch maps differs between machines.
time    each exercise may run timeout_s (twice the catalog's 10 s: half a vCPU is slower than
        a laptop core); the whole submission stops at deadline_s, early enough before the
        platform's limit to write the finished part with an honest note.

The bundle writes these into grading.json; the platform entry reads them back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

GRADER_MB = 512  # the grader and its fork server, torch in both, with a margin over the 450 MB measured
MIN_RUN_MB = 128  # below this even a reference solution may not fit
MAX_RUN_MB = 2048
TIMEOUT_S = 20.0  # per exercise
START_S = 60  # Python and torch start slowly on half a vCPU; the results must still be written


@dataclass(frozen=True)
class Platform:
    name: str
    memory_mb: int  # what the platform gives the whole container
    timeout_s: int  # what the platform gives one submission


GRADESCOPE = Platform("gradescope", memory_mb=768, timeout_s=600)
PRAIRIELEARN = Platform("prairielearn", memory_mb=2048, timeout_s=90)


@dataclass(frozen=True)
class BundleSettings:
    platform: str
    exercises: tuple[str, ...]
    timeout_s: float  # each exercise's run
    run_memory_mb: int  # what a run may allocate beyond the fork server it is forked from
    deadline_s: float  # the whole grading, from the entry's start
    hidden: str | None = None  # folder of hidden check modules, relative to the settings file

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "exercises": list(self.exercises)}, indent=2) + "\n"

    @classmethod
    def read(cls, path: Path) -> "BundleSettings":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{**data, "exercises": tuple(data["exercises"])})


def fit(platform: Platform, exercises: tuple[str, ...], hidden: str | None,
        timeout_s: float = TIMEOUT_S) -> BundleSettings:
    """Settings that fit the platform; ValueError with a sentence when nothing can."""
    run_mb = min(MAX_RUN_MB, platform.memory_mb - GRADER_MB)
    if run_mb < MIN_RUN_MB:
        raise ValueError(f"{platform.memory_mb} MB is too little: the grader needs {GRADER_MB} MB and a run "
                         f"at least {MIN_RUN_MB} MB more; give the autograder at least {GRADER_MB + MIN_RUN_MB} MB")
    deadline = platform.timeout_s - START_S if platform.timeout_s > 2 * START_S else platform.timeout_s * 0.75
    if timeout_s <= 0 or timeout_s > deadline:
        raise ValueError(f"an exercise's time limit ({timeout_s:g} s) must be positive and within the "
                         f"{deadline:g} s the platform's {platform.timeout_s} s leave for grading")
    return BundleSettings(platform.name, exercises, float(timeout_s), run_mb, float(deadline), hidden)


def worst_case_s(settings: BundleSettings, units: int) -> float:
    """How long a submission that hangs in every unit takes: each hang ends its child, and the
    next unit's fresh child gets its limit plus the start-up allowance."""
    from grader.engine.attempt import STARTUP_S

    return units * (settings.timeout_s + STARTUP_S)
