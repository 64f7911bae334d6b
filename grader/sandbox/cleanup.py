"""Clean-up that cannot fail: remove whatever a run left on disk, however it was shaped.

A submission may leave a tree deeper than PATH_MAX (shutil.rmtree recurses and stops with
RecursionError near 1000 levels), directories it made unreadable, symlinks pointing out of
its folder, or a file system mounted inside it. `remove_tree` walks with directory file
descriptors in one loop, holding one directory open at a time, never follows a symlink,
and never descends into another mount (as root it detaches the mount first).

`private_folder` makes the grader's folder for a grading run; its owner holds a lock on a
file beside it for as long as it lives, so a later run can delete the folders of an owner
that was killed before it could clean up (`remove_leftovers`).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import glob
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

_MNT_DETACH = 2
_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_LOCK_SUFFIX = ".lock"
_held_locks: dict[str, int] = {}  # folder -> its lock, held until the folder is removed


@dataclass
class _Level:
    """A directory on the way down: its name in its parent, its identity, what is left to do."""
    name: str
    identity: tuple[int, int]
    subdirs: list[str] | None = None  # None until its files are deleted


def remove_tree(path: str | os.PathLike) -> None:
    """Delete path and everything below it, as far as possible. Never raises."""
    parent_path, name = os.path.split(os.path.abspath(os.fspath(path)))
    try:
        parent = os.open(parent_path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if stat.S_ISDIR(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
            _remove_dir(parent, name)
        else:
            _unlink(parent, name, is_dir=False)
    except OSError:
        pass
    finally:
        os.close(parent)


def _remove_dir(top_parent: int, top_name: str) -> None:
    """Depth first, in one loop: down through names, up through '..', which must be the
    directory recorded on the way down (else the tree moved: stop rather than delete elsewhere)."""
    mount = _mount_of(top_parent)  # every directory removed is on this mount
    fd: int | None = _open_dir(top_parent, top_name, mount)
    if fd is None:
        return
    stack = [_Level(top_name, _identity(fd))]
    try:
        while stack:
            level = stack[-1]
            if level.subdirs is None:
                level.subdirs = _delete_files(fd)
            if level.subdirs:
                name = level.subdirs.pop()
                child = _open_dir(fd, name, mount)
                if child is not None:
                    os.close(fd)
                    fd = child
                    stack.append(_Level(name, _identity(child)))
                continue
            stack.pop()
            if not stack:
                os.close(fd)
                fd = None
                _unlink(top_parent, level.name, is_dir=True)
                return
            up = os.open("..", _OPEN_DIR, dir_fd=fd)
            os.close(fd)
            fd = up
            if _identity(up) != stack[-1].identity:
                return
            _unlink(up, level.name, is_dir=True)
    except OSError:
        pass
    finally:
        if fd is not None:
            os.close(fd)


def _delete_files(fd: int) -> list[str]:
    """Delete every entry of the directory but its subdirectories, whose names it returns."""
    try:
        with os.scandir(fd) as entries:
            listing = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
    except OSError:
        return []  # unreadable even now: it stays, and so do the directories above it
    for name, is_dir in listing:
        if not is_dir:
            _unlink(fd, name, is_dir=False)
    return [name for name, is_dir in listing if is_dir]


def _unlink(dir_fd: int, name: str, is_dir: bool) -> None:
    try:
        (os.rmdir if is_dir else os.unlink)(name, dir_fd=dir_fd)
    except OSError:
        pass  # gone already, or busy (a mount that could not be detached): leave it


def _open_dir(parent: int, name: str, mount: tuple[int, int]) -> int | None:
    """An open directory below parent, on that mount, or None when it cannot be had."""
    for _ in range(4):  # each round clears one obstacle: a missing permission or a mount on top
        try:
            fd = os.open(name, _OPEN_DIR, dir_fd=parent)
        except PermissionError:
            if not _give_owner_access(parent, name):
                return None
            continue
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # replaced by a symlink or a file
                _unlink(parent, name, is_dir=False)
            return None
        if _mount_of(fd) == mount:
            _give_owner_rwx(fd)
            return fd
        detached = os.geteuid() == 0 and _detach(fd)
        os.close(fd)
        if not detached:
            return None
    return None


def _give_owner_rwx(fd: int) -> None:
    """A directory its owner made read-only or unsearchable: its entries could not be deleted."""
    mode = os.fstat(fd).st_mode
    if mode & 0o700 != 0o700:
        try:
            os.fchmod(fd, stat.S_IMODE(mode) | 0o700)
        except OSError:
            pass


def _give_owner_access(parent: int, name: str) -> bool:
    """chmod 700 a directory we may not open (chmod 000), through an O_PATH descriptor, so
    a symlink put in its place is never followed."""
    if not hasattr(os, "O_PATH"):  # macOS: lchmod-style, which never follows a symlink either
        try:
            os.chmod(name, 0o700, dir_fd=parent, follow_symlinks=False)
            return True
        except (OSError, NotImplementedError):
            return False
    try:
        fd = os.open(name, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
    except OSError:
        return False
    try:
        os.chmod(f"/proc/self/fd/{fd}", 0o700)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _identity(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def _mount_of(fd: int) -> tuple[int, int]:
    """(device, mount id): a bind mount shares the device of what it sits on, not the mount id."""
    mount_id = -1
    try:
        with open(f"/proc/self/fdinfo/{fd}") as f:
            for line in f:
                if line.startswith("mnt_id:"):
                    mount_id = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return os.fstat(fd).st_dev, mount_id


def _detach(fd: int) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.umount2(f"/proc/self/fd/{fd}".encode(), _MNT_DETACH) == 0


def private_folder(prefix: str) -> Path:
    """A new folder (mode 700) under the system temp dir, named prefix + random, kept for
    this process: it holds a lock on `<folder>.lock` until it ends or calls
    `remove_private_folder`. The lock lives in an open file shared by forked children, so
    make the folder in a process that forks no untrusted code (one could unlock it)."""
    base = tempfile.gettempdir()
    while True:
        fd, lock_path = tempfile.mkstemp(prefix=prefix, suffix=_LOCK_SUFFIX, dir=base)
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits only while a `remove_leftovers` is deleting it
        folder = lock_path[: -len(_LOCK_SUFFIX)]
        if os.fstat(fd).st_nlink:
            try:
                os.mkdir(folder, 0o700)
                break
            except FileExistsError:
                os.unlink(lock_path)
        os.close(fd)
    os.write(fd, f"{os.getpid()}\n".encode())  # for people; the lock is what counts
    _held_locks[folder] = fd
    return Path(folder)


def remove_private_folder(folder: str | os.PathLike) -> None:
    """Delete a folder made by `private_folder` in this process, then its lock. Never raises."""
    folder = os.fspath(folder)
    remove_tree(folder)
    try:
        os.unlink(folder + _LOCK_SUFFIX)
    except OSError:
        pass
    fd = _held_locks.pop(folder, None)
    if fd is not None:
        os.close(fd)


def remove_leftovers(prefix: str) -> int:
    """Delete the folders made by `private_folder(prefix)` whose owner is gone (its lock is
    free); the number deleted. Folders of a live owner, or of another user, are kept."""
    removed = 0
    pattern = os.path.join(glob.escape(tempfile.gettempdir()), glob.escape(prefix) + "*" + _LOCK_SUFFIX)
    for lock_path in glob.glob(pattern):
        try:
            fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            if os.fstat(fd).st_uid != os.geteuid():
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if not os.fstat(fd).st_nlink:
                continue  # another clean-up got there first
            folder = lock_path[: -len(_LOCK_SUFFIX)]
            try:
                if os.lstat(folder).st_uid == os.geteuid():
                    remove_tree(folder)
            except FileNotFoundError:
                pass
            os.unlink(lock_path)
            removed += 1
        except OSError:  # BlockingIOError: the owner still holds it
            pass
        finally:
            os.close(fd)
    return removed
