"""Run the check suite through pytest.main and hand back the result object."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader import results
from grader.paths import CHECKS

CHECK_INI = CHECKS / "pytest.ini"


class _Collector:
    """A plugin object that passes progress in and takes the result out of the session."""

    def __init__(self, progress=None) -> None:
        self.progress = progress
        self.result: results.GradeResult | None = None
        self.errors: list[str] = []

    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        from grader.plugin import GRADING

        if GRADING in config.stash:
            config.stash[GRADING].options.on_progress = self.progress

    def pytest_collectreport(self, report) -> None:
        if report.failed:
            self.errors.append(str(report.longrepr))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        from grader.plugin import GRADING

        if GRADING in session.config.stash and session.config.stash[GRADING].plans:
            grading = session.config.stash[GRADING]
            grading.finish()
            self.result = results.build(grading)


def grade(options: list[str], hidden_dir: Path | None = None, progress=None) -> results.GradeResult:
    """Grade with the given plugin options; raise RuntimeError if the check suite itself broke."""
    # Third-party plugins of the user's environment stay out of grading.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    files = sorted(str(p) for p in CHECKS.glob("check_*.py"))
    if hidden_dir is not None:
        hidden = sorted(str(p) for p in Path(hidden_dir).glob("check_*.py"))
        if not hidden:
            raise ValueError(f"--hidden {hidden_dir}: no check_*.py modules there")
        files += hidden
        options = [*options, "--hidden-dir", str(hidden_dir)]
    # importlib mode: a hidden module may share its file name with a visible one.
    args = [*files, "-c", str(CHECK_INI), "--rootdir", str(CHECKS), "-p", "grader.plugin", "--import-mode=importlib",
            "-p", "no:cacheprovider", "-p", "no:terminal", "--noconftest",
            # Per-test log and output capture cost more than most checks, and checks print nothing.
            "-p", "no:logging", "-p", "no:warnings", "--capture=no", *options]
    collector = _Collector(progress)
    code = pytest.main(args, plugins=[collector])
    if collector.errors:  # a check module that does not load would silently count 0 of 0
        raise RuntimeError("a check module could not be loaded:\n" + "\n".join(collector.errors))
    if collector.result is None:
        detail = "\n".join(collector.errors) or f"pytest exit code {int(code)}"
        raise RuntimeError(f"the check suite could not run:\n{detail}")
    return collector.result
