"""The worker's seccomp filter denies what an escape needs and nothing a tensor exercise does."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch

from grader.sandbox import seccomp


@pytest.fixture(autouse=True)
def _libseccomp():
    """libseccomp2 is part of every Debian and Ubuntu (apt itself links it): its absence is a failure."""
    if seccomp._LIB is None:
        pytest.fail("libseccomp.so.2 is not installed: the sandbox's seccomp wall would be missing")

CLONE_NEWUSER, CLONE_NEWNET, SIGCHLD = 0x10000000, 0x40000000, 17
SYS = {"x86_64": {"clone": 56}, "aarch64": {"clone": 220}}.get(platform.machine(), {})
SYS_IO_URING_SETUP, SYS_CLONE3 = 425, 435  # the same on every architecture
PTRACE_TRACEME = 0


def _errno_of(call) -> str:
    """'ok' when the call succeeded, else the errno's name."""
    try:
        call()
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))
    return "ok"


def _syscall(*args: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.syscall(*[ctypes.c_long(a) for a in args])
    if result == 0 and args[0] == SYS.get("clone"):
        os._exit(0)  # the filter failed and this is the new process: leave at once
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    if args[0] == SYS.get("clone"):
        os.waitpid(result, 0)


def _libc_call(name: str, *args: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(*args) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _try_denied_calls() -> dict:
    phrase = seccomp.install()
    results = {"phrase": phrase}
    for family, name in ((socket.AF_INET, "inet"), (socket.AF_INET6, "inet6"), (socket.AF_UNIX, "unix"),
                         (socket.AF_NETLINK, "netlink")):
        for kind, kind_name in ((socket.SOCK_STREAM, "stream"), (socket.SOCK_DGRAM, "dgram")):
            results[f"socket {name} {kind_name}"] = _errno_of(lambda: socket.socket(family, kind).close())
    results["socketpair"] = _errno_of(socket.socketpair)
    results["memfd_create"] = _errno_of(lambda: os.close(os.memfd_create("escape")))
    results["unshare user"] = _errno_of(lambda: _libc_call("unshare", CLONE_NEWUSER))
    results["unshare net"] = _errno_of(lambda: _libc_call("unshare", CLONE_NEWNET))
    if SYS:
        results["clone newuser"] = _errno_of(lambda: _syscall(SYS["clone"], CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0))
    results["io_uring_setup"] = _errno_of(lambda: _syscall(SYS_IO_URING_SETUP, 8, 0))
    results["ptrace"] = _errno_of(lambda: _libc_call("ptrace", PTRACE_TRACEME, 0, 0, 0))
    results["clone3"] = _errno_of(lambda: _syscall(SYS_CLONE3, 0, 0))
    return results


def test_denied_calls_fail_with_eperm(in_child):
    results, status = in_child(_try_denied_calls)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert results.pop("phrase").startswith("seccomp:")
    assert results.pop("clone3") == "ENOSYS"  # so that glibc falls back to clone, which is filtered
    assert results == {name: "EPERM" for name in results}


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the x32 ABI is an x86_64 matter")
def test_a_call_through_another_abi_kills_the_process(in_child):
    x32_socket = 0x40000000 | 41  # socket, numbered for the x32 ABI: out of the filter's sight

    def call_through_x32() -> str:
        seccomp.install()
        ctypes.CDLL(None).syscall(ctypes.c_long(x32_socket), 2, 1, 0)
        return "survived"

    value, status = in_child(call_through_x32)
    assert value is None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSYS


ORDINARY_WORK = """
import json, sys
from tests.sandbox.test_seccomp import _ordinary_work
print(json.dumps(_ordinary_work()))
"""


def _ordinary_work() -> dict:
    phrase = seccomp.install()
    seen = []
    worker = threading.Thread(target=lambda: seen.append(threading.get_native_id()))
    worker.start()
    worker.join()
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    _, status = os.waitpid(pid, 0)
    torch.set_num_threads(2)  # the intra-op pool starts threads under the filter
    a = torch.randn(256, 256, generator=torch.Generator().manual_seed(0))
    product = (a @ a.T).trace().item()
    import decimal  # noqa: F401 - a module not loaded before the filter
    import email.mime.text  # noqa: F401
    return {"phrase": phrase, "threads": len(seen), "fork_exit": os.WEXITSTATUS(status),
            "product_ok": abs(product - (a * a).sum().item()) < 1e-2 * abs(product), "cwd": os.getcwd()}


def test_ordinary_work_still_runs():
    """In a fresh interpreter, as the fork server is: a child forked from this test process would inherit
    its OpenMP pool, which no fork survives, whatever seccomp does."""
    done = subprocess.run([sys.executable, "-c", ORDINARY_WORK], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert results["phrase"].startswith("seccomp:")
    assert results["threads"] == 1 and results["fork_exit"] == 7 and results["product_ok"]


def test_without_libseccomp_install_says_so_and_does_not_raise(monkeypatch, in_child):
    monkeypatch.setattr(seccomp, "_LIB", None)
    phrase, _ = in_child(seccomp.install)
    assert phrase.startswith("no seccomp")
