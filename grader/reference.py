"""The reference solutions, imported in the grader's own process: trusted code only."""

from __future__ import annotations

import functools
import importlib.util
from types import ModuleType

from grader.paths import SOLUTIONS


@functools.cache
def reference(exercise: str) -> ModuleType:
    path = SOLUTIONS / f"{exercise}.py"
    spec = importlib.util.spec_from_file_location(f"reference_{exercise}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
