"""Clean-up removes whatever shape a run left behind, stays inside it, and finds the folders
of graders that died without cleaning up."""

from __future__ import annotations

import ctypes
import os
import tempfile
import uuid

import pytest

from grader.sandbox import cleanup
from tests.sandbox.conftest import stop

NOBODY = 65534


def _deep_chain(top: str, depth: int) -> None:
    """top/d/d/.../d with a file at the bottom: a path far longer than PATH_MAX."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = child
    os.close(os.open("bottom", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd))
    os.close(fd)


def _hostile_tree(top: str, outside_file: str, outside_dir: str, depth: int, files: int) -> None:
    """What a run may leave: a deep chain, locked directories, read-only files, many files,
    symlinks out of the folder."""
    os.mkdir(os.path.join(top, "deep"))
    _deep_chain(os.path.join(top, "deep"), depth)
    locked = os.path.join(top, "locked")
    os.makedirs(os.path.join(locked, "inner", "innermost"))
    for folder in (locked, os.path.join(locked, "inner")):
        with open(os.path.join(folder, "read-only.txt"), "w") as f:
            f.write("x")
        os.chmod(os.path.join(folder, "read-only.txt"), 0o400)
    os.chmod(os.path.join(locked, "inner", "innermost"), 0o000)
    os.chmod(os.path.join(locked, "inner"), 0o000)
    os.chmod(locked, 0o500)
    many = os.path.join(top, "many")
    os.mkdir(many)
    for i in range(files):
        os.close(os.open(os.path.join(many, str(i)), os.O_WRONLY | os.O_CREAT, 0o600))
    os.symlink(outside_file, os.path.join(top, "link-to-file"))
    os.symlink(outside_dir, os.path.join(top, "link-to-dir"))
    os.symlink(outside_dir, os.path.join(many, "link-to-dir"))


@pytest.fixture
def outside(tmp_path):
    """A file and a folder outside the tree, which must survive its removal."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me")
    return str(folder / "precious.txt"), str(folder)


# Owned by root: the full size. Owned by its user, where permissions are what matter: a chain
# still deeper than PATH_MAX (2 bytes a level), fewer files.
@pytest.mark.parametrize("owner, depth, files", [("root", 5000, 20_000), ("not root", 2500, 2000)])
def test_remove_tree_removes_a_hostile_tree_and_nothing_outside(owner, depth, files, outside, in_child):
    as_root = os.geteuid() == 0
    if owner == "root" and not as_root:
        pytest.fail("needs root: the tests run as root, as CI does")
    top = tempfile.mkdtemp(prefix="cnn-test-run-")  # where nobody, too, can reach it
    if owner == "not root" and as_root:
        os.chown(top, NOBODY, NOBODY)

    def make_and_remove() -> bool:
        if owner == "not root" and as_root:  # the same user makes the tree and removes it: no root powers
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
        _hostile_tree(top, *outside, depth, files)
        cleanup.remove_tree(top)
        return os.path.lexists(top)

    try:
        still_there, status = in_child(make_and_remove, timeout_s=60)
    finally:
        cleanup.remove_tree(top)  # whatever the child left
    assert status == 0 and still_there is False
    assert open(outside[0]).read() == "keep me" and os.listdir(outside[1]) == ["precious.txt"]


def test_remove_tree_of_a_symlink_removes_the_link_only(tmp_path, outside):
    link = tmp_path / "link"
    link.symlink_to(outside[1])
    cleanup.remove_tree(link)
    assert not os.path.lexists(link) and os.listdir(outside[1]) == ["precious.txt"]


def test_remove_tree_never_raises(tmp_path):
    cleanup.remove_tree(tmp_path / "missing")
    cleanup.remove_tree("/proc/self/no/such/place")


def test_remove_tree_detaches_a_mount_instead_of_emptying_it(tmp_path, outside, in_child):
    if os.geteuid() != 0:
        pytest.fail("needs root: the tests run as root, as CI does")
    top = tmp_path / "run"
    (top / "mounted").mkdir(parents=True)

    def mount_and_remove() -> bool:
        libc = ctypes.CDLL(None, use_errno=True)
        # A mount namespace of this child's own: nothing mounted here outlives the child.
        assert libc.unshare(0x00020000) == 0
        assert libc.mount(None, b"/", None, 0x4000 | 0x40000, None) == 0  # MS_REC | MS_PRIVATE
        assert libc.mount(outside[1].encode(), str(top / "mounted").encode(), None, 0x1000, None) == 0  # MS_BIND
        cleanup.remove_tree(top)
        return os.path.lexists(top)

    still_there, status = in_child(mount_and_remove)
    assert status == 0 and still_there is False
    assert os.listdir(outside[1]) == ["precious.txt"]


def test_remove_leftovers_takes_folders_of_dead_owners_only(in_child):
    prefix = f"cnn-test-{uuid.uuid4().hex[:8]}-"
    ours = cleanup.private_folder(prefix)
    assert ours.stat().st_mode & 0o777 == 0o700
    dead, _ = in_child(lambda: str(cleanup.private_folder(prefix)))  # an owner killed before clean-up
    (ready_r, ready_w), (quit_r, quit_w) = os.pipe(), os.pipe()
    alive_pid = os.fork()
    if alive_pid == 0:  # an owner still at work
        os.write(ready_w, str(cleanup.private_folder(prefix)).encode())
        os.read(quit_r, 1)
        os._exit(0)
    try:
        alive = os.read(ready_r, 4096).decode()
        (ours / "file").write_text("x")
        assert cleanup.remove_leftovers(prefix) == 1
        assert not os.path.lexists(dead) and not os.path.lexists(dead + ".lock")
        assert os.path.isdir(alive) and ours.is_dir() and (ours / "file").exists()
        os.write(quit_w, b"q")
        assert stop(alive_pid) == 0
        assert cleanup.remove_leftovers(prefix) == 1
        assert not os.path.lexists(alive) and ours.is_dir()
    finally:
        for fd in (ready_r, ready_w, quit_r, quit_w):
            os.close(fd)
        stop(alive_pid, grace_s=0)
        cleanup.remove_private_folder(ours)
        assert not os.path.lexists(ours) and not os.path.lexists(f"{ours}.lock")
