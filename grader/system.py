"""Whether this system can run the grader at all: it forks, so it needs os.fork (not Windows).

`python -m grader.system` (what `make check` runs first, before any set-up) and every
grading command say so in one line, never a traceback. Standard library only: it runs
before the virtual environment exists.
"""

from __future__ import annotations

import os
import sys

NO_FORK = ("error: this Python has no os.fork (Windows): the grader's sandbox forks one process per run. "
           "Use WSL (run `wsl --install` once), then `make check` inside it, in a Linux copy of the kit.")


def refusal() -> str | None:
    """The one line to print when the grader cannot run here; None when it can."""
    return None if hasattr(os, "fork") else NO_FORK


if __name__ == "__main__":
    line = refusal()
    if line:
        print(line, file=sys.stderr)
        raise SystemExit(2)
