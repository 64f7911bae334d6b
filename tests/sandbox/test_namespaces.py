"""Per-run namespaces: the worker sees only its run's processes, reaches no network, writes to a
/tmp that is capped and its own, and everything it started dies with it.

A forked child plays the supervisor (enter, then fork the worker); the worker calls
private_mounts and reports what it can and cannot do, then waits until the test has looked
at its pid namespace from outside.
"""

from __future__ import annotations

import errno
import json
import os
import select
import shutil
import signal
import socket
import tempfile
import time
import uuid

import pytest

from grader.sandbox import namespaces
from tests.sandbox.conftest import stop, write_all

TMP_BYTES, TMP_INODES = 1 << 20, 16
NOBODY = 65534


def _errno_name(call) -> str:
    try:
        call()
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))
    return "ok"


def _try_network(targets: list[list]) -> dict:
    results = {}
    for kind, host, port in targets:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM) as s:
            s.settimeout(2)
            if kind == "tcp":
                results[f"tcp {host}"] = _errno_name(lambda: s.connect((host, port)))
            else:
                results[f"udp {host}"] = _errno_name(lambda: s.sendto(b"out", (host, port)))
    return results


def _fill_tmp() -> dict:
    def big_file() -> None:
        with open("/tmp/big", "wb") as f:
            f.write(b"\x01" * (2 * TMP_BYTES))

    result = {"big file": _errno_name(big_file)}
    os.remove("/tmp/big")
    made = 0

    def many_files() -> None:
        nonlocal made
        for i in range(4 * TMP_INODES):
            open(f"/tmp/file{i}", "w").close()
            made += 1

    result["many files"], result["files made"] = _errno_name(many_files), made
    for i in range(made):
        os.remove(f"/tmp/file{i}")
    return result


def _worker(report_fd: int, go_fd: int, keep: str, targets: list[list], marker: str) -> None:
    packages = os.path.join(os.path.dirname(keep), marker + "-packages")
    inside = os.path.join(packages, "inside")
    mounts = namespaces.private_mounts(TMP_BYTES, TMP_INODES, keep=(keep,), keep_read_only=(packages, inside))
    report = {"who": "worker", "mounts": mounts}
    report["pid"] = os.getpid()
    report["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    with open(os.path.join(keep, "kept.txt")) as f:
        report["kept"] = f.read()
    report["hidden"] = os.path.exists(os.path.join(os.path.dirname(keep), marker + "-sibling"))
    report["package"] = _errno_name(lambda: open(os.path.join(inside, "lazy.py")).close())
    report["package writable"] = _errno_name(lambda: open(os.path.join(inside, "lazy.py"), "a").close())
    report["network"] = _try_network(targets)
    with open(f"/tmp/{marker}", "w") as f:
        f.write("only here")
    report.update(_fill_tmp())
    report["/dev/shm"] = _errno_name(lambda: open("/dev/shm/x", "w").close())
    namespaces.drop_capabilities()
    report["mount without capabilities"] = _errno_name(lambda: namespaces.unshare(namespaces.CLONE_NEWNS))
    report["grandchild"] = os.fork()
    if report["grandchild"] == 0:  # left sleeping: it must die with the worker
        time.sleep(60)
        os._exit(0)
    write_all(report_fd, json.dumps(report).encode() + b"\n")
    os.read(go_fd, 1)


def _supervisor(report_fd: int, go_fd: int, mode: str, keep: str, targets: list[list], marker: str) -> None:
    network = namespaces.empty_network() if mode == "root, shared network" else None
    if mode == "not root" and os.geteuid() == 0:
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
    phrase = namespaces.enter(network)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _worker(report_fd, go_fd, keep, targets, marker)
            code = 0
        finally:
            os._exit(code)
    write_all(report_fd, json.dumps({"who": "supervisor", "phrase": phrase, "worker": pid}).encode() + b"\n")
    os.waitpid(pid, 0)


def _read_reports(fd: int, wanted: set[str], deadline: float) -> dict:
    reports, buffer = {}, b""
    while not wanted <= reports.keys():
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            pytest.fail(f"reports missing: {wanted - reports.keys()} (got {reports})")
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            pytest.fail(f"the supervisor or the worker ended early (got {reports})")
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            message = json.loads(line)
            reports[message["who"]] = message
    return reports


def _members_of_pid_namespace(link: str) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.readlink(f"/proc/{entry}/ns/pid") == link:
                members.append(int(entry))
        except OSError:
            continue
    return members


@pytest.fixture
def listeners():
    """Sockets of the test on the loopback addresses: [kind, host, port] for the worker to try."""
    sockets, targets = [], []
    for kind, host in (("tcp", "127.0.0.1"), ("udp", "127.0.0.1"), ("tcp", "::1"), ("udp", "::1")):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        s = socket.socket(family, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
        try:
            s.bind((host, 0))
        except OSError:
            s.close()
            continue  # no IPv6 on this machine
        if kind == "tcp":
            s.listen()
        s.setblocking(False)
        sockets.append(s)
        targets.append([kind, host, s.getsockname()[1]])
    yield sockets, targets
    for s in sockets:
        s.close()


@pytest.mark.parametrize("mode", ["root", "root, shared network", "not root"])
def test_worker_is_alone_offline_and_capped(mode, listeners):
    if mode.startswith("root") and os.geteuid() != 0:
        pytest.fail("needs root: the tests run as root, as CI does")
    sockets, targets = listeners
    keep = tempfile.mkdtemp()  # under /tmp, hidden by the new tmpfs unless bound back
    os.chmod(keep, 0o755)
    with open(os.path.join(keep, "kept.txt"), "w") as f:
        f.write("still here")
    marker = f"marker-{uuid.uuid4().hex}"
    # Packages of a checkout under /tmp (a folder and one inside it): back, but read-only.
    packages = os.path.join(os.path.dirname(keep), marker + "-packages")
    os.makedirs(os.path.join(packages, "inside"))
    os.chmod(packages, 0o755)
    with open(os.path.join(packages, "inside", "lazy.py"), "w") as f:
        f.write("VALUE = 1\n")
    os.chmod(os.path.join(packages, "inside", "lazy.py"), 0o666)  # only the mount refuses a write
    sibling = os.path.join(os.path.dirname(keep), marker + "-sibling")  # not kept: hidden from the run
    os.mkdir(sibling)
    report_r, report_w = os.pipe()
    go_r, go_w = os.pipe()
    supervisor = os.fork()
    if supervisor == 0:
        try:
            os.close(report_r), os.close(go_w)
            _supervisor(report_w, go_r, mode, keep, targets, marker)
        finally:
            os._exit(0)
    os.close(report_w), os.close(go_r)
    namespace, first, worker = None, {}, {}
    try:
        deadline = time.monotonic() + 20
        first = _read_reports(report_r, {"supervisor"}, deadline)["supervisor"]
        if first["phrase"].startswith("no namespaces"):
            pytest.fail(f"the run got no namespaces: {first['phrase']}")
        link = os.readlink(f"/proc/{first['worker']}/ns/pid")
        assert link != os.readlink("/proc/self/ns/pid"), "the worker shares the test's pid namespace"
        namespace = link  # only now may its members be killed wholesale
        worker = _read_reports(report_r, {"worker"}, deadline)["worker"]
        assert len(_members_of_pid_namespace(namespace)) == 2  # the worker and its grandchild

        assert first["phrase"].startswith("own network") and "pid" in first["phrase"]
        read_only = "".join(f", {path} read-only" for path in namespaces.READ_ONLY_SHARED if os.path.isdir(path))
        capped = f"/tmp capped at {TMP_BYTES >> 20} MB and {TMP_INODES} files"
        assert worker["mounts"] == f"own mount namespace, {capped}{read_only}, own /proc"
        assert worker["pid"] == 1 and worker["processes"] == [1]
        assert worker["kept"] == "still here"
        assert worker["hidden"] is False
        assert worker["package"] == "ok" and worker["package writable"] == "EROFS"
        assert len(worker["network"]) == len(targets) and "ok" not in worker["network"].values()
        assert worker["big file"] == "ENOSPC"
        assert worker["many files"] == "ENOSPC" and worker["files made"] < TMP_INODES
        assert worker["/dev/shm"] == "EROFS"
        assert worker["mount without capabilities"] == "EPERM"
        assert not os.path.exists(f"/tmp/{marker}")
        for s in sockets:
            if s.type == socket.SOCK_DGRAM:
                with pytest.raises(BlockingIOError):
                    s.recv(16)

        os.write(go_w, b"g")  # the worker exits, its grandchild still sleeping
        assert stop(supervisor, grace_s=10) == 0
        assert _members_of_pid_namespace(namespace) == []
    finally:
        os.close(report_r), os.close(go_w)
        # Without a pid namespace of its own (a failure), the pids the worker saw are ours too.
        strays = [first.get("worker"), worker.get("grandchild")]
        for pid in filter(None, _members_of_pid_namespace(namespace) if namespace else strays):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        stop(supervisor, grace_s=0)
        shutil.rmtree(keep)
        shutil.rmtree(packages)
        os.rmdir(sibling)
