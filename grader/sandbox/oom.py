"""Make sandboxed processes the OOM killer's first choice.

When memory runs out (the machine's, or a run cgroup's), the kernel kills the process with
the highest score. At 1000 that is always a sandboxed one, never the grader, its fork
server or a supervisor. Raising one's own score needs no privilege; children inherit it.
"""

from __future__ import annotations


def set_oom_score_adj(value: int) -> bool:
    """Set this process's oom_score_adj (-1000..1000); False where the kernel refused."""
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write(str(value))
        return True
    except OSError:
        return False
