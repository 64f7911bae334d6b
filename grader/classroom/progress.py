"""Progress while a class is graded: a bar on a terminal, a few plain lines elsewhere."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, label: str, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self.tty:
            width = 30
            filled = int(width * done / total)
            rate = done / max(time.monotonic() - self.started, 1e-9)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs, {rate:.0f}/s ")
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
            return
        tenth = done * 10 // total
        if tenth != self.last_tenth:  # plain lines for logs: 0%, 10%, ... 100%
            self.last_tenth = tenth
            self.stream.write(f"{self.label}: {done}/{total} runs ({tenth * 10}%)\n")
            self.stream.flush()
