"""Namespaces per run: no network, no view of other processes, a scratch /tmp that is capped
and vanishes with the run.

Two steps, in two processes. `enter` runs in the supervisor before it forks the worker:
the worker is then the first process (pid 1) of a new pid namespace, in a network namespace
without interfaces. `private_mounts` runs in the worker, before it drops root: it takes a
mount namespace of its own (so the supervisor keeps the grader's /proc) with a fresh tmpfs on
/tmp and a /proc that shows only the run's processes. When the worker exits, the kernel kills
every process left in its pid namespace, and the mounts go with the last of them.

Python 3.10 has no os.unshare or os.setns, so libc's are called through ctypes.
"""

from __future__ import annotations

import ctypes
import os
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
_CAP_VERSION_3 = 0x20080522
_PR_SET_DUMPABLE = 4

_libc = ctypes.CDLL(None, use_errno=True)
if hasattr(_libc, "mount"):  # imported everywhere the runner is, macOS included: only Linux calls it
    _libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]

# Writable by anyone on most systems, so a place where a run could leave files behind or
# pass them to the next run; /tmp gets a capped tmpfs, the others an empty read-only one.
READ_ONLY_SHARED = ("/dev/shm", "/var/tmp")


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def setns(fd: int, nstype: int) -> None:
    _check(_libc.setns(fd, nstype), "setns")


def mount(source: str | None, target: str, fstype: str | None, flags: int, options: str | None = None) -> None:
    _check(_libc.mount(_bytes(source), target.encode(), _bytes(fstype), flags, _bytes(options)), f"mount {target}")


def _bytes(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None


def empty_network() -> int | None:
    """A network namespace with no interface but a loopback that is down, as a file
    descriptor to pass to `enter`: creating one per run costs more than joining a prepared
    one. Call it once, in a single-threaded process (the fork server); root only."""
    if os.geteuid() != 0:
        return None
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    try:
        unshare(CLONE_NEWNET)
        empty = os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        setns(own, CLONE_NEWNET)  # back home: only the returned descriptor holds the new one
        return empty
    except OSError:
        return None
    finally:
        os.close(own)


def enter(network_fd: int | None = None) -> str:
    """Give the next child of this process new network, pid, IPC and UTS namespaces.
    Call it in the supervisor, single-threaded, just before it forks the worker (the first
    child becomes pid 1 there; this process keeps its own pid). As root; otherwise inside a
    new user namespace that maps only this uid and gid. network_fd: join that network
    namespace (see `empty_network`) instead of creating one. Returns what held; never raises."""
    if not sys.platform.startswith("linux"):
        return "no namespaces: not Linux"
    flags = CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    uid, gid = os.geteuid(), os.getegid()
    if uid != 0:
        flags |= CLONE_NEWUSER | CLONE_NEWNET
        network_fd = None  # a namespace made outside our user namespace cannot be joined
    elif network_fd is None:
        flags |= CLONE_NEWNET
    try:
        if network_fd is not None:
            setns(network_fd, CLONE_NEWNET)
        if uid != 0:
            # A process whose uid changed is not dumpable, and then may not write its own
            # uid_map. Being dumpable only matters to processes of the same uid.
            _libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)
        unshare(flags)
    except OSError as exc:
        return f"no namespaces: {exc.strerror}"
    if uid != 0:
        try:
            _map_identity(uid, gid)
        except OSError as exc:  # past unshare there is no way back
            return f"user namespace without a uid map ({exc.strerror}): do not run the submission"
    user = ", user" if uid != 0 else ""
    shared = " (shared, empty)" if network_fd is not None else ""
    return f"own network{shared}, pid, ipc, uts{user} namespaces"


def _map_identity(uid: int, gid: int) -> None:
    """Inside the new user namespace, keep the same uid and gid (and no other)."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)


def private_mounts(tmp_bytes: int, tmp_inodes: int, keep: tuple[str, ...] = (),
                   keep_read_only: tuple[str, ...] = ()) -> str:
    """In the worker, still privileged (root, or every capability of its user namespace):
    a private mount namespace with a tmpfs on /tmp capped at tmp_bytes and tmp_inodes
    (the root directory counts as one), an empty read-only /dev/shm and /var/tmp, and a
    /proc of the worker's own pid namespace. Folders in `keep` that the new mounts would
    hide (the submission, the scratch folder under /tmp) are bound back in place; those in
    `keep_read_only` (Python and its packages, when a checkout under /tmp holds them: a
    lazy import inside the run must still find them) are bound back read-only.
    Returns what held; never raises."""
    try:
        unshare(CLONE_NEWNS)
        mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount leaks out, nothing comes in
    except OSError as exc:
        return f"no private mounts: {exc.strerror}"
    held, failed = [], []
    kept = _open_kept(keep, keep_read_only)
    try:
        capped = f"/tmp capped at {tmp_bytes >> 20} MB and {tmp_inodes} files"
        covers = [("/tmp", f"size={tmp_bytes},nr_inodes={tmp_inodes},mode=1777", capped)]
        covers += [(path, "size=4k,nr_inodes=8,mode=755", f"{path} read-only") for path in READ_ONLY_SHARED]
        for target, options, note in covers:
            if not os.path.isdir(target):
                continue
            try:
                mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, options)
                _bind_back(target, kept)
                if target != "/tmp":
                    mount(None, target, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
                held.append(note)
            except OSError as exc:
                failed.append(f"{target} ({exc.strerror})")
    finally:
        for fd, _ in kept.values():
            os.close(fd)
    try:
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        held.append("own /proc")
    except OSError as exc:
        failed.append(f"/proc ({exc.strerror})")
    return "own mount namespace" + "".join(f", {note}" for note in held) + "".join(f", failed: {f}" for f in failed)


def _open_kept(keep: tuple[str, ...], keep_read_only: tuple[str, ...]) -> dict[str, tuple[int, bool]]:
    """{real path: (an O_PATH descriptor, read-only?)} for each existing folder, leaving out
    a folder inside another kept one: binding the outer one brings it along."""
    read_only = {os.path.realpath(p): True for p in keep_read_only if os.path.isdir(p)}
    read_only.update({os.path.realpath(p): False for p in keep if os.path.isdir(p)})  # writable wins
    kept = {}
    for path in sorted(read_only):  # a parent sorts before what lies inside it
        if any(path.startswith(outer.rstrip("/") + "/") for outer in kept):
            continue
        kept[path] = (os.open(path, os.O_PATH | os.O_CLOEXEC), read_only[path])
    return kept


def _bind_back(target: str, kept: dict[str, tuple[int, bool]]) -> None:
    """Mount each kept folder below target, now hidden by a fresh tmpfs, back where it was.
    The folder is reached through the descriptor opened before it was hidden."""
    for path, (fd, read_only) in kept.items():
        if not path.startswith(target.rstrip("/") + "/"):
            continue
        os.makedirs(path, mode=0o755, exist_ok=True)
        mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        if read_only:  # flags the original mount has must be kept, or a user namespace refuses
            locked = os.statvfs(path).f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC)
            try:
                mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | locked)
            except OSError:
                pass  # writable, then, as it is outside the run: Landlock still allows writes to scratch only


def drop_capabilities() -> None:
    """Give up every capability. A worker that is not root still holds all of them inside
    its user namespace after `enter`; call this once `private_mounts` is done."""
    header = (ctypes.c_uint32 * 2)(_CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable: all empty (x2)
    _check(_libc.capset(header, data), "capset")
