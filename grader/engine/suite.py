"""The check modules: the kit's (grader/checks/check_*.py) and an instructor's hidden ones.

A check module is an ordinary pytest-style test module: EXERCISE, plan(draw) and test_*
functions that take `run` (and a case, see grader/checks/cases.py). This file loads them
and lists their checks, so the grader can call them without pytest's start-up.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Callable

from grader.catalog import load
from grader.checks.cases import expand
from grader.paths import CHECKS


class BrokenChecks(RuntimeError):
    """A check module could not be loaded: grading stops rather than count 0 of 0."""


@dataclass(frozen=True)
class Check:
    name: str  # "predicted_shape[no_padding]"
    function: Callable
    kwargs: dict


@dataclass(frozen=True)
class CheckModule:
    key: str  # "ex07_conv2d_loops" or "hidden/check_ex07_conv2d_loops.py": a unit of sandbox work
    exercise: str
    module: ModuleType
    hidden: bool
    path: Path
    checks: tuple[Check, ...]

    def plan(self, draw) -> list:
        return self.module.plan(draw)


def from_module(module: ModuleType, hidden: bool) -> CheckModule:
    """A check module pytest has imported (the plugin's way in)."""
    path = Path(module.__file__)
    return CheckModule(f"hidden/{path.name}" if hidden else module.EXERCISE, module.EXERCISE, module, hidden, path,
                       checks_of(module))


def checks_of(module: ModuleType) -> tuple[Check, ...]:
    found = []
    for name, function in vars(module).items():
        if name.startswith("test_") and callable(function):
            label = name.removeprefix("test_")
            for case, kwargs in expand(function):
                found.append(Check(f"{label}[{case}]" if case else label, function, kwargs))
    return tuple(found)


@functools.cache
def visible() -> dict[str, CheckModule]:
    """The kit's check module of each exercise, by exercise name."""
    modules = {}
    for entry in load().exercises:
        name = f"grader.checks.check_{entry.name}"
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - any failure to load is reported the same way
            raise BrokenChecks(f"the check module {name} could not be loaded: {type(exc).__name__}: {exc}") from exc
        modules[entry.name] = CheckModule(entry.name, module.EXERCISE, module, False,
                                          CHECKS / f"check_{entry.name}.py", checks_of(module))
    return modules


@functools.cache
def hidden(folder: str) -> tuple[CheckModule, ...]:
    """An instructor's hidden check modules (check_*.py in folder), loaded from their files."""
    paths = sorted(Path(folder).glob("check_*.py"))
    if not paths:
        raise BrokenChecks(f"--hidden {folder}: no check_*.py modules there")
    exercises = {e.name for e in load().exercises}
    modules = []
    for path in paths:
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(f"grader_hidden_{digest}_{path.stem}", path)
        try:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            exercise = module.EXERCISE
        except Exception as exc:  # noqa: BLE001
            raise BrokenChecks(f"the hidden check module {path} could not be loaded: "
                               f"{type(exc).__name__}: {exc}") from exc
        if exercise not in exercises:
            raise BrokenChecks(f"the hidden check module {path} names EXERCISE = {exercise!r}, not an exercise of the kit")
        modules.append(CheckModule(f"hidden/{path.name}", exercise, module, True, path, checks_of(module)))
    return tuple(modules)


def modules_for(exercises: list[str], hidden_folder: str | None) -> list[CheckModule]:
    """The check modules of the given exercises, visible first, in the exercises' order."""
    extra = hidden(hidden_folder) if hidden_folder else ()
    chosen = []
    for name in exercises:
        chosen.append(visible()[name])
        chosen += [m for m in extra if m.exercise == name]
    return chosen


def hidden_name(module: CheckModule, check: Check) -> str:
    """A stable name that does not give the hidden case away: its own name might."""
    digest = hashlib.sha256(f"{module.path.name}::{check.name}".encode()).hexdigest()[:8]
    return f"hidden_check_{digest}"
