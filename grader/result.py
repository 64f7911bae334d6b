"""The result of grading one submission: plain data that every report is a view of.

A result is a function of the submission's content and the kit's fingerprint, so it holds
no student id (identical files share one result in the class store) and no wall-clock
date. It crosses processes and machines as JSON (to_dict / from_dict), never pickled.

Statuses of an exercise:
    graded       the checks ran on the answers (a stub or a wrong answer is graded, at 0)
    missing      no file was handed in for it: nothing to run (0 points, said once, never an error)
    timeout      the student's code ran past its time limit
    memory       the student's code ran out of memory
    error        the student's code ended its process (exit, crash, unreadable answers)
    infra_error  the grader failed (a sandbox that could not start, a worker that died):
                 never points, never stored as a verdict; graded again on the next run

The whole submission's status (summary()): infra_error when the grader failed anywhere; missing when
nothing was handed in; else the worst of the exercises handed in (timeout, memory, error); else
incomplete when some exercises are missing; else graded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

STATUSES = ("graded", "missing", "timeout", "memory", "error", "infra_error")
WORST_FIRST = ("infra_error", "timeout", "memory", "error", "graded")
SUBMISSION_STATUSES = ("graded", "incomplete", "missing", "timeout", "memory", "error", "infra_error")


@dataclass
class TestResult:
    name: str  # e.g. "predicted_shape[no_padding]"
    status: str  # passed, failed, error (the grader's own failure on this check)
    message: str
    score: float
    max_score: float
    mistake: str | None = None  # the named mistake the diagnosis found, e.g. "padding missing"
    hidden: bool = False


@dataclass
class ExerciseResult:
    name: str
    title: str
    status: str
    score: float
    max_score: float
    tests: list[TestResult] = field(default_factory=list)
    output: str = ""  # what the code printed while this exercise ran (truncated)
    seconds: float = 0.0  # the student's code, in the sandbox
    check_seconds: float = 0.0  # the grader's checks of the answers

    @property
    def passed(self) -> bool:
        return bool(self.tests) and all(t.status == "passed" for t in self.tests)


@dataclass
class SubmissionResult:
    status: str
    score: float
    max_score: float
    device: str
    seed: int | None  # None: each exercise's inputs are drawn from a hash of its file
    isolation: str  # which protections held in the sandbox
    exercises: list[ExerciseResult] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)  # handed in but not graded
    seconds: float = 0.0
    infra: str = ""  # what failed in the grader, for an infra_error

    def exercise(self, name: str) -> ExerciseResult:
        return next(e for e in self.exercises if e.name == name)

    @property
    def passed(self) -> bool:
        return bool(self.exercises) and all(e.passed for e in self.exercises)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "SubmissionResult":
        exercises = [ExerciseResult(**{**e, "tests": [TestResult(**t) for t in e["tests"]]})
                     for e in data.get("exercises", [])]
        return cls(**{**data, "exercises": exercises})


def worst(statuses) -> str:
    """An exercise's status from its check modules' (a missing file is missing for all of them)."""
    found = set(statuses)
    if found == {"missing"}:
        return "missing"
    return next((s for s in WORST_FIRST if s in found), "graded")


def summary(statuses) -> str:
    """A submission's status from its exercises' (see the module's docstring)."""
    found = list(statuses)
    if "infra_error" in found:
        return "infra_error"
    handed_in = [s for s in found if s != "missing"]
    if found and not handed_in:
        return "missing"
    status = worst(handed_in)
    return "incomplete" if status == "graded" and len(handed_in) < len(found) else status
