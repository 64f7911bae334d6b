"""`python -m grader watch`: save a file, read its report; the learner's loop.

One warm grader for the whole session: the fork server has torch imported, the checks are
loaded, so a save costs one sandboxed run of the exercise that changed and its checks.
watchfiles (a maintained Rust-backed watcher, with debouncing) tells which files changed.
On a terminal the screen is redrawn after each change (rich); elsewhere each report is
appended as plain lines, so a log or a test can read it. Ctrl-C ends it at once.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
import time
from pathlib import Path

from grader import progress
from grader.catalog import load

EXERCISE_FILE = re.compile(r"^(ex\d\d_[a-z0-9_]+)\.py$")


def run(args: argparse.Namespace) -> int:
    from grader.sandbox.zygote import Zygote

    workspace = Path(args.workspace)
    if not workspace.is_dir():
        print(f"error: {workspace} is not a folder", file=sys.stderr)
        return 2
    zygote = Zygote()  # first: its torch import overlaps the grader's own
    code = 0
    try:
        code = _watch(args, workspace, zygote)
    except KeyboardInterrupt:
        pass  # Ctrl-C: done, nothing to report
    finally:
        zygote.close(wait=False)
    # Ctrl-C ends it at once: no wait for a warm-up or the interpreter's teardown of torch.
    sys.stdout.flush(), sys.stderr.flush()
    os._exit(code)


def _watch(args: argparse.Namespace, workspace: Path, zygote) -> int:
    import watchfiles

    from grader.engine.engine import Engine, settings_for

    screen = Screen(sys.stdout)
    engine = Engine(settings_for(args), zygote)
    names = list(engine.settings.exercises)
    try:
        screen.show(_check(engine, workspace, names), workspace)
        screen.note(f"Watching {workspace} for saved changes (Ctrl-C to stop).")
        for changes in watchfiles.watch(workspace, watch_filter=_python_file, debounce=1600, step=30,
                                        raise_interrupt=True):
            changed = _exercises(changes, names)
            if changed:
                screen.show(_check(engine, workspace, changed), workspace)
    finally:
        engine.close(leaving=True)
    return 0


def _python_file(change, path: str) -> bool:
    return path.endswith(".py")


def _exercises(changes, names: list[str]) -> list[str]:
    """The exercises a set of changed files touches: a helper module may feed any of them."""
    touched = set()
    for _change, path in changes:
        found = EXERCISE_FILE.match(Path(path).name)
        if found and found.group(1) in names:
            touched.add(found.group(1))
        elif not found:
            return names
    return [n for n in names if n in touched]


def _check(engine, workspace: Path, exercises: list[str]):
    from grader.submission import from_folder

    started = time.monotonic()
    submission = from_folder("workspace", workspace, list(engine.settings.exercises))
    broken = {name: _syntax_error(submission.files.get(f"{name}.py")) for name in exercises}
    runnable = [name for name in exercises if not broken[name]]
    result = engine.grade(submission, runnable) if runnable else None
    if result is not None:
        progress.record(workspace, result)
    for name in exercises:
        if broken[name]:
            progress.record_unrunnable(workspace, name, load().get(name).points)
    return Report(result, {n: e for n, e in broken.items() if e}, time.monotonic() - started)


def _syntax_error(text: str | None) -> str:
    if text is None:
        return ""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return f"line {exc.lineno}: {exc.msg}" + (f"\n      {exc.text.rstrip()}" if exc.text else "")
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


class Report:
    def __init__(self, result, broken: dict[str, str], seconds: float) -> None:
        self.result, self.broken, self.seconds = result, broken, seconds


class Screen:
    """A redrawn screen on a terminal, appended plain lines elsewhere."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        if self.tty:
            from rich.console import Console

            self.console = Console(file=stream, highlight=False)

    def show(self, report: Report, workspace: Path) -> None:
        from grader.report import terminal

        parts = []
        for name, error in report.broken.items():
            parts.append(f"{name}.py does not parse, so it was not run: {error}\n"
                         "Fix the syntax and save again.\n")
        if report.result is not None:
            parts.append(terminal.render(report.result, str(workspace)))
        parts.append(f"{progress.line(workspace)}   (checked in {report.seconds:.2f} s)\n")
        text = "\n".join(parts)
        if self.tty:
            self.console.clear()
            self.console.print(text, end="", markup=False)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def note(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
