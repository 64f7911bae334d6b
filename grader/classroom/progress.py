"""Progress while a class is graded: rich's bar on a terminal, plain lines elsewhere.

The bar shows students done, per second, time left and the grader's own failures so far;
plain lines (for logs and CI) come every tenth of the class, with the exact share done.
"""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.total, self.done, self.infra = total, 0, 0
        self.started = time.monotonic()
        self.tty = self.stream.isatty()
        self._last_tenth = -1
        self._bar = None
        if self.tty and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self._bar = Bar(TextColumn("Grading"), BarColumn(), MofNCompleteColumn(), TextColumn("students"),
                            TextColumn("{task.fields[rate]}/s"), TimeRemainingColumn(),
                            TextColumn("{task.fields[infra]}"), console=Console(file=self.stream), transient=True)
            self._task = self._bar.add_task("grading", total=total, rate="0.0", infra="")
            self._bar.start()

    def advance(self, infra_error: bool = False) -> None:
        self.done += 1
        self.infra += infra_error
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        if self._bar is not None:
            infra = f"grader failures: {self.infra}" if self.infra else ""
            self._bar.update(self._task, completed=self.done, rate=f"{rate:.1f}", infra=infra)
            return
        tenth = self.done * 10 // max(self.total, 1)
        if tenth != self._last_tenth:
            self._last_tenth = tenth
            infra = f", grader failures: {self.infra}" if self.infra else ""
            share = 100 * self.done / max(self.total, 1)  # exact: 2/6 is 33%, never 30%
            self.stream.write(f"Grading: {self.done}/{self.total} students ({share:.0f}%), {rate:.1f} per second{infra}\n")
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
