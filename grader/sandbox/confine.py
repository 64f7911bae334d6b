"""Confine the current (child) process before it touches a submission.

Order matters: limits first, then a new identity, then Landlock, which also sets
no_new_privs so nothing later can gain privileges back.
"""

from __future__ import annotations

import ctypes
import glob
import os
import resource
import sys

from grader.sandbox import facilities, landlock

_PR_SET_KEEPCAPS = 8
_CAP_DAC_READ_SEARCH = 2
_CAP_VERSION_3 = 0x20080522

SYSTEM_READ = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/sys", "/dev"]


def proc_read_paths() -> list[str]:
    """Of /proc, only this process's own entries and the machine's facts: never another
    process's command line or environment (the grader's: its folders, its --hidden path)."""
    return [f"/proc/{os.getpid()}", "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/proc/sys"]


def set_limits(memory_mb: int | None, max_file_mb: int = 64, max_procs: int | None = None) -> list[str]:
    """Cap address space (not on CUDA, whose driver maps huge virtual ranges), file size and processes.
    Returns the caps the system refused (macOS may refuse an address-space cap); the rest hold."""
    wanted = [("RLIMIT_FSIZE", max_file_mb << 20), ("RLIMIT_CORE", 0)]
    if memory_mb:
        wanted.insert(0, ("RLIMIT_AS", memory_mb << 20))
    if max_procs:
        wanted.append(("RLIMIT_NPROC", max_procs))
    refused = []
    for name, cap in wanted:
        try:
            resource.setrlimit(getattr(resource, name), (cap, cap))
        except (AttributeError, ValueError, OSError):
            refused.append(name)
    return refused


def drop_root(uid: int, keep_read_search: bool) -> None:
    """Become an unprivileged uid. The interpreter may live under /root (mode 700), so the
    uid may keep CAP_DAC_READ_SEARCH to read it; Landlock then limits what it can read."""
    if not facilities.prctl():  # no capabilities to keep (macOS): a plain change of identity
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    keep = (1 << _CAP_DAC_READ_SEARCH) if keep_read_search else 0
    header = (ctypes.c_uint32 * 2)(_CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)(keep, keep, 0, 0, 0, 0)  # effective, permitted, inheritable (x2)
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def python_read_paths() -> list[str]:
    """Where the interpreter and its packages live, which imports inside the child need."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    paths.update(p for p in sys.path if p and os.path.isdir(p) and "site-packages" in p)
    return sorted(paths)


def confine(workspace: str, scratch: str, uid: int | None, memory_mb: int | None) -> str:
    """Apply every restriction this platform offers; return a line saying which ones hold."""
    refused = set_limits(memory_mb, max_procs=64 if uid is not None else None)
    notes = [f"rlimits refused: {', '.join(refused)}"] if refused else []
    landlock_ok = facilities.landlock()
    if uid is not None:
        drop_root(uid, keep_read_search=landlock_ok)
        notes.append("own uid per run")
    if landlock_ok:
        abi = landlock.restrict(
            read_paths=SYSTEM_READ + proc_read_paths() + python_read_paths() + [workspace],
            write_paths=[scratch, "/dev/null", *glob.glob("/dev/nvidia*")],
        )
        notes.append(f"landlock abi {abi}")
    else:
        notes.append(f"no landlock ({facilities.reason() or 'kernel without Landlock'})")
    return ", ".join(notes)
