"""Sandboxed processes volunteer as the OOM killer's first choice, and their children inherit it."""

from __future__ import annotations

import os
import signal

from grader.sandbox import oom


def test_oom_score_adj_is_raised_for_the_process_and_its_children(in_child):
    def raise_score() -> list:
        ok = oom.set_oom_score_adj(1000)
        pid = os.fork()
        if pid == 0:
            signal.pause()
        try:
            with open(f"/proc/{pid}/oom_score_adj") as f:
                return [ok, int(f.read())]
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

    assert in_child(raise_score)[0] == [True, 1000]
