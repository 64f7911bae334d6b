"""The grader as a pytest plugin: check modules are test modules, each test a check.

Inert unless --workspace or --class-dir is given, so it can stay installed (entry point
pytest11) without touching other test suites.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import pytest

from grader import devices
from grader.catalog import load
from grader.checks.submission import CheckFailed
from grader.grading import Grading, Options

GRADING = pytest.StashKey[Grading]()
HELP_WORKSPACE = "grade one workspace laid out like exercises/ (e.g. exercises or solutions)"
HIDDEN_FAILURE = ("A hidden check failed. Hidden checks use inputs you have not seen: make sure your code "
                  "handles every valid input the task describes, not only the examples.")
HELP_CLASS = "grade every immediate subfolder of this folder as one student's workspace"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the grading options."""
    group = parser.getgroup("cnn-grader", "grading a CNN block kit submission")
    group.addoption("--workspace", metavar="DIR", help=HELP_WORKSPACE)
    group.addoption("--class-dir", metavar="DIR", help=HELP_CLASS)
    group.addoption("--device", metavar="DEVICE", help="cuda, mps or cpu (default: the best available)")
    group.addoption("--exercise", action="append", default=[], metavar="NAME", help="grade only this exercise (repeatable)")
    group.addoption("--grade-seed", type=int, help="seed of the random inputs (default: new each run)")
    group.addoption("--grade-timeout", type=float, help="seconds each exercise may run")
    group.addoption("--grade-memory", type=int, help="memory cap of each run, in MB")
    group.addoption("--grade-jobs", type=int, help="runs in parallel (default: two per CPU core)")
    group.addoption("--hidden-dir", metavar="DIR", help="instructor-only check modules: their messages are never shown")


def active(config: pytest.Config) -> bool:
    return bool(config.getoption("--workspace", None) or config.getoption("--class-dir", None))


def pytest_configure(config: pytest.Config) -> None:
    """Build the grading state from the options."""
    if not active(config):
        return
    workspace, class_dir = config.getoption("--workspace"), config.getoption("--class-dir")
    if workspace:
        students = {"workspace": Path(workspace).resolve()}
    else:
        root = Path(class_dir).resolve()
        students = {p.name: p for p in sorted(root.iterdir()) if is_student_folder(p)}
    exercises = [load().get(e).name for e in config.getoption("--exercise")]
    config.stash[GRADING] = Grading(Options(
        students=students,
        device=devices.resolve(config.getoption("--device")),
        exercises=exercises,
        seed=config.getoption("--grade-seed"),
        timeout_s=config.getoption("--grade-timeout"),
        memory_mb=config.getoption("--grade-memory"),
        jobs=config.getoption("--grade-jobs"),
        hidden_dir=Path(config.getoption("--hidden-dir")).resolve() if config.getoption("--hidden-dir") else None,
    ))


def is_student_folder(path: Path) -> bool:
    """Immediate subfolders are students; dot-folders (.git) and __MACOSX-style ones are not."""
    return path.is_dir() and not path.is_symlink() and not path.name.startswith((".", "__"))


@functools.cache
def _resolved(path: str) -> Path:
    return Path(path).resolve()  # asked once per check module, not once per test of every student


def module_key(module) -> str:
    """Runs are per check module: a hidden module of an exercise gets a run of its own."""
    return str(_resolved(module.__file__))


def is_hidden(config: pytest.Config, module) -> bool:
    hidden = config.getoption("--hidden-dir", None)
    return bool(hidden) and _resolved(module.__file__).is_relative_to(_resolved(hidden))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per student for every check that looks at a run."""
    if "student" in metafunc.fixturenames and GRADING in metafunc.config.stash:
        students = metafunc.config.stash[GRADING].students
        metafunc.parametrize("student", students, ids=students)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the checks of the selected exercises, in the catalog's order."""
    if GRADING not in config.stash:
        return
    wanted = config.stash[GRADING].options.exercises
    order = {e.name: i for i, e in enumerate(load().exercises)}
    keep = [i for i in items if exercise_of(i) and (not wanted or exercise_of(i) in wanted)]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    students = {name: i for i, name in enumerate(config.stash[GRADING].students)}
    # Student by student, so checks start as soon as the first student's runs are back.
    keep.sort(key=lambda i: (students.get(_student_of(i), 0), order.get(exercise_of(i), 99)))
    items[:] = keep


def _student_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("student") if callspec else None


def exercise_of(item: pytest.Item) -> str | None:
    module = getattr(item, "module", None)
    return getattr(module, "EXERCISE", None)


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session):
    """Run every submission in the sandbox before the checks look at the answers."""
    if GRADING in session.config.stash and session.items:
        modules = {}
        for item in session.items:
            modules.setdefault(module_key(item.module), item.module)
        session.config.stash[GRADING].isolate(modules)
    return (yield)


@pytest.fixture
def student(request: pytest.FixtureRequest) -> str:
    """The student whose run a check looks at (parametrized by the plugin)."""
    return request.param


@pytest.fixture
def run(request: pytest.FixtureRequest, student: str):
    """The sandbox run of this check's exercise for this student."""
    grading = request.config.stash[GRADING]
    return grading.run_of(student, module_key(request.module))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Record each verdict; report a check's teaching message, never a traceback (it would show
    check code and inputs, and building it costs more than the check)."""
    if GRADING not in item.config.stash or (call.when != "call" and call.excinfo is None):
        return None
    hidden = is_hidden(item.config, item.module)
    status, message = "passed", ""
    if call.excinfo is not None:
        if isinstance(call.excinfo.value, CheckFailed):
            status, message = "failed", HIDDEN_FAILURE if hidden else str(call.excinfo.value)
        else:  # the grader's own bug: say so, never blame the learner
            status = "error"
            message = f"The grader itself failed on this check ({call.excinfo.typename}); please report it."
    item.config.stash[GRADING].outcomes.append({
        "student": _student_of(item),
        "exercise": exercise_of(item),
        "name": _hidden_name(item) if hidden else getattr(item, "originalname", item.name).removeprefix("test_"),
        "status": status,
        "message": message,
        "param": "" if hidden else _param_label(item),
    })
    return pytest.TestReport(
        item.nodeid, item.location, {k: 1 for k in item.keywords}, "passed" if status == "passed" else "failed",
        None if status == "passed" else message, call.when, duration=call.duration, start=call.start, stop=call.stop,
    )


def _hidden_name(item: pytest.Item) -> str:
    """A stable name that does not give the hidden case away: its own name might."""
    digest = hashlib.sha256(f"{Path(item.module.__file__).name}::{item.name}".encode()).hexdigest()[:8]
    return f"hidden_check_{digest}"


def _param_label(item: pytest.Item) -> str:
    params = dict(getattr(getattr(item, "callspec", None), "params", {}) or {})
    params.pop("student", None)
    return ", ".join(str(v) for v in params.values())
