"""A run's memory cgroup: whatever holds the memory, the run is killed at its cap, not the grader."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import uuid

import pytest

from grader.sandbox import cgroup, namespaces
from tests.sandbox.conftest import stop

CAP = 256 << 20
CHUNK = b"\x01" * (1 << 20)


@pytest.fixture
def run_group():
    """A run cgroup made by this process, removed after the test."""
    if cgroup.available():
        pytest.fail(f"no memory cgroup for runs here ({cgroup.available()}): the tests run as root, as CI does")
    group = cgroup.RunCgroup.create(uuid.uuid4().hex[:8], CAP)
    assert group is not None
    yield group
    group.remove()
    assert not os.path.exists(group.path)


def _fill(fd: int) -> None:
    for _ in range(4 * CAP // len(CHUNK)):
        os.write(fd, CHUNK)


def test_memfd_beyond_the_cap_is_oom_killed(run_group, in_child):
    def hog() -> str:
        run_group.add()
        _fill(os.memfd_create("hog"))
        return "survived"

    value, status = in_child(hog)
    assert value is None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert run_group.oom_killed()
    assert CAP // 2 < run_group.peak_bytes() <= CAP + (1 << 20)


@pytest.mark.skipif(not os.path.isdir("/dev/shm"), reason="no /dev/shm")
def test_tmpfs_file_beyond_the_cap_is_oom_killed(run_group, in_child):
    folder = tempfile.mkdtemp(dir="/dev/shm")
    try:
        def hog() -> str:
            run_group.add()
            _fill(os.open(os.path.join(folder, "hog"), os.O_WRONLY | os.O_CREAT, 0o600))
            return "survived"

        value, status = in_child(hog)
        assert value is None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        assert run_group.oom_killed()
    finally:
        shutil.rmtree(folder)  # the file's pages stay charged to the cgroup until it is deleted


def test_an_honest_run_is_not_killed(run_group, in_child):
    def honest() -> int:
        run_group.add()
        block = b"\x01" * (50 << 20)
        return len(block)

    value, status = in_child(honest)
    assert value == 50 << 20 and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert not run_group.oom_killed()
    assert run_group.peak_bytes() >= 50 << 20


def test_a_worker_adds_itself_from_inside_its_pid_namespace(run_group, in_child):
    def supervisor() -> str:
        namespaces.unshare(namespaces.CLONE_NEWPID)
        read_end, write_end = os.pipe()
        worker = os.fork()
        if worker == 0:  # pid 1 of the new namespace: its own pid means nothing outside
            run_group.add()
            with open("/proc/self/cgroup") as f:
                os.write(write_end, f.read().encode())
            os._exit(0)
        os.close(write_end)
        membership = os.read(read_end, 4096).decode()
        os.waitpid(worker, 0)
        return membership

    membership, _ = in_child(supervisor)
    assert os.path.basename(run_group.path) in membership


def test_remove_kills_what_is_left_and_leaves_nothing(run_group):
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        run_group.add()
        os.write(ready_w, b"in")
        signal.pause()
        os._exit(0)
    try:
        os.close(ready_w)
        assert os.read(ready_r, 2) == b"in"
        run_group.remove()
        assert not os.path.exists(run_group.path)
        status = stop(pid)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    finally:
        os.close(ready_r)
        stop(pid, grace_s=0)


def test_remove_leftovers_takes_groups_of_dead_creators_only(run_group, in_child):
    def create_and_die() -> str:
        return cgroup.RunCgroup.create("left-behind", CAP).path  # a grader killed before remove()

    left_path, _ = in_child(create_and_die)
    assert os.path.isdir(left_path)
    assert cgroup.remove_leftovers() >= 1
    assert not os.path.exists(left_path)
    assert os.path.isdir(run_group.path)  # ours: its creator (this process) is alive


MOUNTS_V1_SUBTREE = "35 31 0:32 /process_api /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory"
MOUNTS_V2 = "41 31 0:38 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"


def test_the_own_group_is_found_under_its_mount():
    """A mount may show only a subtree of the hierarchy (a container's cgroup namespace)."""
    v1 = [MOUNTS_V1_SUBTREE.split()]
    assert cgroup._mount_of(v1, "cgroup", "/process_api/abc", "memory") == "/sys/fs/cgroup/memory/abc"
    assert cgroup._mount_of(v1, "cgroup", "/elsewhere", "memory") is None
    assert cgroup._mount_of(v1, "cgroup", "/process_api/abc", "cpu") is None
    v2 = [MOUNTS_V2.split()]
    assert cgroup._mount_of(v2, "cgroup2", "/user.slice/grader.service") == "/sys/fs/cgroup/user.slice/grader.service"
    assert cgroup._mount_of(v2, "cgroup2", "/") == "/sys/fs/cgroup"


def test_unavailable_is_explained_not_raised(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert cgroup.available() == "no memory cgroup: not root"
    assert cgroup.RunCgroup.create("nope", CAP) is None
    assert cgroup.remove_leftovers() == 0
