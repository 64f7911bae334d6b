"""What this system offers the sandbox, detected rather than assumed.

Each Linux facility the sandbox can use (pidfd, prctl, namespaces, Landlock, seccomp, memory
cgroups, /proc) is asked for here; where one is missing the sandbox falls back to what POSIX
gives every system, macOS included: fork, a new session and process group, rlimits, waiting
with a deadline, killing the group. The report's `isolation` says which walls held.

CNN_KIT_POSIX_ONLY=1 makes every Linux-only facility unavailable, as on a Mac: the grader,
its fork server and every run then take the POSIX path. The tests use it to prove that path
gives the same verdicts; the variable passes into the fork server (its prefix is kept).
"""

from __future__ import annotations

import ctypes
import os
import sys

POSIX_ONLY_ENV = "CNN_KIT_POSIX_ONLY"
LINUX_ONLY = ("pidfd", "prctl", "namespaces", "landlock", "seccomp", "cgroups", "proc")


def posix_only() -> bool:
    """Whether the switch asks for the POSIX path; read at every call, so a test may set it."""
    return os.environ.get(POSIX_ONLY_ENV, "") not in ("", "0")


def _linux() -> bool:
    return sys.platform.startswith("linux") and not posix_only()


def pidfd() -> bool:
    """os.pidfd_open (Linux 5.3+, Python 3.9+): a wait on a child that select() can join."""
    return _linux() and hasattr(os, "pidfd_open")


def prctl() -> bool:
    """libc's prctl: subreaper, parent-death signal, no_new_privs, keep-caps."""
    if not _linux():
        return False
    try:
        return hasattr(ctypes.CDLL(None), "prctl")
    except OSError:
        return False


def libc_prctl(option: int, value: int) -> bool:
    """prctl(option, value) where the system has it; False where it has not or it failed."""
    if not prctl():
        return False
    return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0


def namespaces() -> bool:
    return _linux() and os.path.exists("/proc/self/ns")


def landlock() -> bool:
    from grader.sandbox import landlock as module

    return _linux() and module.abi_version() >= 1


def seccomp() -> bool:
    from grader.sandbox import seccomp as module

    return _linux() and module.available()


def cgroups() -> bool:
    from grader.sandbox import cgroup

    return _linux() and cgroup.available() is None


def proc() -> bool:
    """A Linux /proc to list processes from (macOS has none)."""
    return _linux() and os.path.isfile("/proc/self/status")


def missing() -> list[str]:
    """The Linux-only facilities this system (or the switch) does not offer."""
    probes = {"pidfd": pidfd, "prctl": prctl, "namespaces": namespaces, "landlock": landlock,
              "seccomp": seccomp, "cgroups": cgroups, "proc": proc}
    return [name for name in LINUX_ONLY if not probes[name]()]


def reason() -> str | None:
    """Why every Linux facility is missing ("not Linux", or the switch); None on Linux, where
    each one's own probe says why it is missing."""
    if posix_only():
        return f"{POSIX_ONLY_ENV}=1"
    return None if sys.platform.startswith("linux") else "not Linux"


def class_walls_missing() -> list[str]:
    """The walls grading a class of untrusted code needs that this system lacks: Landlock
    (a run neither writes the kit, OUT or another student's folder, nor reads the reference
    solutions) and seccomp (no network). Without them one student's code could change
    another's grade: `grader class` refuses unless told --unconfined."""
    return [name for name, held in (("landlock", landlock()), ("seccomp", seccomp())) if not held]
