"""Step 4, score: one result object per grading, which every report is a view of."""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.catalog import load


@dataclass
class TestResult:
    name: str  # e.g. "relu_matches_pytorch[stride_2]"
    status: str  # passed, failed, error
    message: str
    score: float
    max_score: float


@dataclass
class ExerciseResult:
    name: str
    title: str
    tests: list[TestResult] = field(default_factory=list)
    max_score: float = 0.0

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 2)

    @property
    def passed(self) -> bool:
        return bool(self.tests) and all(t.status == "passed" for t in self.tests)


@dataclass
class StudentResult:
    student: str
    exercises: list[ExerciseResult]
    output: dict[str, str] = field(default_factory=dict)  # exercise -> captured output
    status: str = "graded"

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 2)

    @property
    def max_score(self) -> float:
        return round(sum(e.max_score for e in self.exercises), 2)


@dataclass
class GradeResult:
    device: str
    seed: int
    students: list[StudentResult]
    seconds: float = 0.0
    isolation: str = ""  # which protections held in the sandbox, e.g. "uid 200123, landlock abi 7"


def test_label(outcome: dict) -> str:
    name = outcome["name"].removeprefix("test_")
    return f"{name}[{outcome['param']}]" if outcome["param"] else name


def build(grading) -> GradeResult:
    """Split each exercise's points evenly over its checks; a check scores all or nothing."""
    catalog = load()
    names = [e.name for e in catalog.exercises if e.name in grading.exercise_of.values()]
    students = []
    for student in grading.students:
        exercises = []
        for name in names:
            outcomes = [o for o in grading.outcomes if o["student"] == student and o["exercise"] == name]
            points = catalog.get(name).points
            share = points / len(outcomes) if outcomes else 0.0
            tests = [TestResult(test_label(o), o["status"], o["message"],
                                round(share if o["status"] == "passed" else 0.0, 4), round(share, 4))
                     for o in outcomes]
            exercises.append(ExerciseResult(name, catalog.get(name).title, tests, points))
        run_status = _status(grading, student)
        output = {}
        for (who, key), run in grading.runs.items():
            if who == student and run.output and not _hidden_key(grading, key):
                output.setdefault(grading.exercise_of[key], run.output)
        students.append(StudentResult(student, exercises, output, run_status))
    isolation = next((run.confinement for run in grading.runs.values() if run.confinement), "")
    return GradeResult(str(grading.device), grading.seed, students, isolation=isolation)


def _hidden_key(grading, key: str) -> bool:
    hidden = grading.options.hidden_dir
    return bool(hidden) and key.startswith(str(hidden))


def _status(grading, student: str) -> str:
    """graded, or the worst thing that happened to a run: timeout, memory, error."""
    statuses = {run_status(run) for (who, _), run in grading.runs.items() if who == student}
    for status in ("timeout", "memory", "error"):
        if status in statuses:
            return status
    return "graded"


def run_status(run) -> str:
    if run.exit.get("timed_out") or run.exit.get("backstop"):
        return "timeout"
    errors = [a.error for a in run.answers.values() if a.error] + ([run.import_error] if run.import_error else [])
    if any("memory" in (e.get("type", "") + e.get("message", "")).lower() for e in errors):
        return "memory"
    if run.problem or run.import_error or run.exit.get("signal") or run.exit.get("code") not in (0, None):
        return "error"
    return "graded"
