"""`python -m grader watch`: save a file, read its report; the learner's loop.

One warm grader for the whole session: the fork server has torch imported, the checks are
loaded, so a save costs one sandboxed run of the exercise that changed and its checks.
watchfiles (a maintained Rust-backed watcher, with debouncing) tells which files changed.
Each report shows that exercise's result and then the whole course (`N/10 exercises,
P/110 points`); the sandbox line is said once, at the start.

On a terminal the screen is redrawn after each change (rich) and single keys act at once
(h the next hint, l the exercise list, c check everything, q quit), as rustlings' watcher
does; elsewhere each report is appended as plain lines, so a log or a test can read it.
Ctrl-C ends it at once, with status 0.
"""

from __future__ import annotations

import argparse
import ast
import os
import queue
import re
import sys
import threading
import time
from pathlib import Path

from grader import progress
from grader.catalog import load

EXERCISE_FILE = re.compile(r"^(ex\d\d_[a-z0-9_]+)\.py$")
KEYS = "h next hint · l list · c check all · q quit"


def run(args: argparse.Namespace) -> int:
    from grader.sandbox.zygote import Zygote

    workspace = Path(args.workspace)
    if not workspace.is_dir():
        print(f"error: {workspace} is not a folder", file=sys.stderr)
        return 2
    zygote = Zygote()  # first: its torch import overlaps the grader's own
    code = 0
    keys = Keys(sys.stdin, sys.stdout)
    try:
        code = _watch(args, workspace, zygote, keys)
    except KeyboardInterrupt:
        pass  # Ctrl-C: done, nothing to report
    finally:
        keys.close()
        zygote.close(wait=False)
    # Ctrl-C ends it at once: no wait for a warm-up or the interpreter's teardown of torch.
    sys.stdout.flush(), sys.stderr.flush()
    os._exit(code)


def _watch(args: argparse.Namespace, workspace: Path, zygote, keys: "Keys") -> int:
    from grader.engine.engine import Engine, settings_for

    screen = Screen(sys.stdout, keys.active)
    engine = Engine(settings_for(args), zygote)
    names = list(engine.settings.exercises)
    events: queue.Queue = queue.Queue()
    try:
        keys.start(events)  # before the first report, which invites keys: one pressed early waits its turn
        screen.show(_check(engine, workspace, names), workspace)
        screen.note(f"Watching {workspace} for saved changes ({'Ctrl-C or q to stop' if keys.active else 'Ctrl-C to stop'}).")
        threading.Thread(target=_files, args=(workspace, names, events), daemon=True).start()
        while True:
            try:
                kind, value = events.get(timeout=0.2)  # a timeout, so Ctrl-C is seen between events
            except queue.Empty:
                continue
            if kind == "files":
                screen.show(_check(engine, workspace, value), workspace)
            elif value == "q":
                screen.note("Bye: your progress is saved (status shows it).")
                return 0
            elif value == "c":
                screen.show(_check(engine, workspace, names), workspace)
            elif value == "l":
                screen.note(f"\n{progress.table(workspace)}\n{progress.line(workspace)}")
            elif value == "h":
                screen.note(screen.next_hint(workspace))
    finally:
        engine.close(leaving=True)


def _files(workspace: Path, names: list[str], events: queue.Queue) -> None:
    """The watcher's thread: each debounced set of saves becomes one event of the exercises it touches."""
    import watchfiles

    for changes in watchfiles.watch(workspace, watch_filter=_python_file, debounce=1600, step=30,
                                    raise_interrupt=False):
        changed = _exercises(changes, names)
        if changed:
            events.put(("files", changed))


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
        progress.record(workspace, result, submission.files)
    for name in exercises:
        if broken[name]:
            progress.record_unrunnable(workspace, name, load().get(name).points, submission.files.get(f"{name}.py"))
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
    """A redrawn screen on a terminal, appended plain lines elsewhere; it remembers which hint is next."""

    def __init__(self, stream, keys: bool) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.keys = keys
        self.sandbox_said = False
        self.focus: str | None = None  # the exercise whose details the last report showed
        self.hints_seen: dict[str, set[int]] = {}
        if self.tty:
            from rich.console import Console

            self.console = Console(file=stream, highlight=False)

    def show(self, report: Report, workspace: Path) -> None:
        from grader.report import terminal

        parts = []
        if report.result is not None and not self.sandbox_said:
            self.sandbox_said = True
            self.note(terminal.header(report.result, str(workspace)))  # once: it is the same all session
        for name, error in report.broken.items():
            parts.append(f"{name}.py does not parse, so it was not run: {error}\n"
                         "Fix the syntax and save again.\n")
        course = progress.course(workspace)
        if report.result is not None:
            parts.append(terminal.render(report.result, str(workspace), course=course))
            self._focus(report.result)
        else:
            parts.append(f"{course}\n")
            self.focus = next(iter(report.broken), self.focus)
        parts.append(f"{progress.line(workspace)}   (checked in {report.seconds:.2f} s)\n")
        if self.keys:
            parts.append(f"Keys: {KEYS}\n")
        text = "\n".join(parts)
        if self.tty:
            self.console.clear()
            self.console.print(text, end="", markup=False)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def _focus(self, result) -> None:
        from grader.report import terminal

        unsolved = [ex for ex in result.exercises if not ex.passed and ex.status != terminal.NOT_GRADED]
        if unsolved:
            self.focus = unsolved[0].name
            self.hints_seen[self.focus] = {terminal.first_hint(unsolved[0])}

    def next_hint(self, workspace: Path) -> str:
        """The `h` key: the next hint not yet shown of the exercise in focus, in order."""
        focus = self.focus or next((row.name for row in progress.states(workspace) if not row.passed), None)
        if focus is None:
            return "Every exercise passes: no hint needed."
        entry = load().get(focus)
        seen = self.hints_seen.setdefault(focus, set())
        unseen = [n for n in range(1, len(entry.hints) + 1) if n not in seen]
        if not unseen:
            return f"{entry.name}: all {len(entry.hints)} hints are shown. Re-read the failing check's message."
        seen.add(unseen[0])
        return f"{entry.name} - Hint {unseen[0]} of {len(entry.hints)}: {entry.hints[unseen[0] - 1]}"

    def note(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


class Keys:
    """Single keys from a terminal (cbreak mode: no Enter needed, Ctrl-C still interrupts); off elsewhere."""

    def __init__(self, stdin, stdout) -> None:
        self.fd = stdin.fileno() if hasattr(stdin, "fileno") else -1
        self.active = self.fd >= 0 and os.isatty(self.fd) and stdout.isatty()
        self.saved = None
        self.stopped = threading.Event()

    def start(self, events: queue.Queue) -> None:
        if not self.active:
            return
        import termios
        import tty

        self.saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        threading.Thread(target=self._read, args=(events,), daemon=True).start()

    def _read(self, events: queue.Queue) -> None:
        import select

        while not self.stopped.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if not ready:
                continue
            data = os.read(self.fd, 1)
            if not data:
                return
            key = data.decode(errors="replace").lower()
            if key in "hlcq":
                events.put(("key", key))

    def close(self) -> None:
        self.stopped.set()
        if self.saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
            self.saved = None
