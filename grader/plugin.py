"""The grader as a pytest plugin: check modules are test modules, each test a check.

    pytest -p grader.plugin --workspace exercises grader/checks/check_ex07_conv2d_loops.py

Inert unless --workspace is given, so it can stay installed (entry point pytest11) without
touching other test suites. It grades with the same engine as `python -m grader check`:
the workspace's units run in one sandboxed child before the first check, and each check
is reported with its teaching message, never a traceback (which would show check code and
inputs). `grader check` and `grader class` call the same check functions without pytest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.checks.submission import CheckFailed

ENGINE = pytest.StashKey[object]()
RUNS = pytest.StashKey[dict]()
HELP_WORKSPACE = "grade one workspace laid out like exercises/ (e.g. exercises or solutions)"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the grading options."""
    group = parser.getgroup("cnn-grader", "grading a CNN block kit submission")
    group.addoption("--workspace", metavar="DIR", help=HELP_WORKSPACE)
    group.addoption("--device", metavar="DEVICE", help="cuda, mps or cpu (default: the best available)")
    group.addoption("--exercise", action="append", default=[], metavar="NAME", help="grade only this exercise (repeatable)")
    group.addoption("--grade-seed", type=int, help="seed of the inputs (default: drawn from each file's content)")
    group.addoption("--grade-timeout", type=float, help="seconds each exercise may run")
    group.addoption("--hidden-dir", metavar="DIR", help="instructor-only check modules: their messages are never shown")


def active(config: pytest.Config) -> bool:
    return bool(config.getoption("--workspace", None))


@pytest.hookimpl
def pytest_configure(config: pytest.Config) -> None:
    """Start the grading engine (its fork server) when a workspace is to be graded."""
    if not active(config):
        return
    from grader import devices
    from grader.engine.engine import Engine, Settings

    config.stash[ENGINE] = Engine(Settings(
        device=str(devices.resolve(config.getoption("--device"))),
        seed=config.getoption("--grade-seed"),
        timeout_s=config.getoption("--grade-timeout") or 0.0,
    ))


@pytest.hookimpl
def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the engine's fork server."""
    if ENGINE in config.stash:
        config.stash[ENGINE].close()


@pytest.hookimpl
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A check with cases (grader/checks/cases.py) runs once per case."""
    cases = getattr(metafunc.function, "cases", None)
    if cases is not None and active(metafunc.config):
        argname, values = cases
        metafunc.parametrize(argname, values, ids=[str(v) for v in values])


@pytest.hookimpl
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the checks of the selected exercises."""
    if not active(config):
        return
    from grader.catalog import load

    wanted = {load().get(name).name for name in config.getoption("--exercise")}
    keep = [i for i in items if _exercise(i) and (not wanted or _exercise(i) in wanted)]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


def _exercise(item: pytest.Item) -> str | None:
    return getattr(getattr(item, "module", None), "EXERCISE", None)


def _hidden(config: pytest.Config, module) -> bool:
    folder = config.getoption("--hidden-dir", None)
    return bool(folder) and Path(module.__file__).resolve().is_relative_to(Path(folder).resolve())


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session):
    """Run the workspace's code in the sandbox, once, before the checks look at its answers."""
    if active(session.config) and session.items:
        from grader.engine import suite
        from grader.submission import from_folder

        engine = session.config.stash[ENGINE]
        modules = {}
        for item in session.items:
            modules.setdefault(item.module, suite.from_module(item.module, _hidden(session.config, item.module)))
        exercises = sorted({m.exercise for m in modules.values()})
        workspace = Path(session.config.getoption("--workspace"))
        submission = from_folder("workspace", workspace, exercises)
        units, progress, _, _ = engine.isolate(submission, list(modules.values()), check=False)
        runs = {}
        for index, unit in enumerate(units):
            if index in progress.runs:
                runs[unit.module.module] = progress.runs[index][0]
        for module, found in modules.items():
            if module not in runs:
                runs[module] = _no_run(found, submission, engine)
        session.config.stash[RUNS] = runs
    return (yield)


def _no_run(module, submission, engine):
    """A run that explains why the exercise could not run (its file is missing or unreadable)."""
    from grader.checks.submission import Run

    run = Run(module.exercise, f"{module.exercise}.py", {}, engine.device, engine.settings.timeout_s)
    run.problem = submission.problems.get(module.exercise) or "This exercise was not run."
    return run


@pytest.fixture
def run(request: pytest.FixtureRequest):
    """The sandbox run of this check's exercise in the workspace; a broken rule fails every check."""
    found = request.config.stash[RUNS][request.module]
    if found.forbidden:
        raise CheckFailed(found.forbidden)
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Report a check's teaching message, never a traceback; a hidden check's message stays hidden."""
    if not active(item.config) or call.excinfo is None:
        return None
    from grader.engine.checking import HIDDEN_FAILURE, grader_failed

    if isinstance(call.excinfo.value, CheckFailed):
        message = HIDDEN_FAILURE if _hidden(item.config, item.module) else str(call.excinfo.value)
    else:
        message = grader_failed(call.excinfo.value, _hidden(item.config, item.module))
    return pytest.TestReport(item.nodeid, item.location, {k: 1 for k in item.keywords}, "failed", message,
                             call.when, duration=call.duration, start=call.start, stop=call.stop)
