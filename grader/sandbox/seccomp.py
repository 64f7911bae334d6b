"""A seccomp filter for the worker: a second wall behind the uid, Landlock and namespaces.

Everything is allowed except the system calls a tensor exercise never needs and an escape
usually does: sockets, anonymous memory files that dodge the scratch quota, namespaces,
io_uring (which makes sockets without calling socket), kernel keys, tracing, mounts and
modules. Denied calls fail with EPERM, so a submission gets an ordinary Python error.

The filter is built by libseccomp (libseccomp.so.2) through ctypes: it resolves system call
names for the running architecture (x86_64, aarch64) and kills calls made through a foreign
ABI (i386 int 0x80 on x86_64), which a hand-written BPF program easily gets wrong.
"""

from __future__ import annotations

import ctypes
import errno

_PR_SET_NO_NEW_PRIVS = 38
_ACT_ALLOW, _ACT_KILL_PROCESS = 0x7FFF0000, 0x80000000
_ATTR_BADARCH = 2  # SCMP_FLTATR_ACT_BADARCH: what a call through another ABI (i386, x32) gets
_ATTR_TSYNC = 4  # SCMP_FLTATR_CTL_TSYNC: every thread of the process, not just the caller
_CMP_MASKED_EQ = 7

DENIED = (
    "socket", "socketpair",  # the worker talks through inherited pipes only
    "memfd_create", "memfd_secret",  # memory outside the scratch quota
    "io_uring_setup", "io_uring_enter", "io_uring_register",  # its requests bypass seccomp
    "userfaultfd", "bpf", "perf_event_open",
    "keyctl", "add_key", "request_key",
    "ptrace", "process_vm_readv", "process_vm_writev",
    "mount", "umount2", "pivot_root", "unshare", "setns",
    "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",  # the new mount API
    "open_by_handle_at", "name_to_handle_at",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "swapon", "swapoff", "reboot", "acct",
)

# CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET: clone with any of them
# fails, while fork and threads (no such flag) go through. (CLONE_NEWTIME shares its bit with
# clone's exit signal, so only unshare and clone3 take it: both are denied.)
CLONE_NAMESPACE_FLAGS = (0x20000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)


class _ArgCmp(ctypes.Structure):
    """struct scmp_arg_cmp: (argument index, operator, mask, value)."""
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


def _errno_action(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)  # SCMP_ACT_ERRNO(code)


def _load_library() -> ctypes.CDLL | None:
    try:
        lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    except OSError:
        return None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.restype = None
    return lib


_LIB = _load_library()  # at import, so the fork server pays for it once


def available() -> bool:
    """libseccomp was found (Linux only: elsewhere there is no such library)."""
    return _LIB is not None


def install() -> str:
    """Load the filter into this process (its threads and future children inherit it).
    Returns a phrase for the report; never raises."""
    from grader.sandbox import facilities

    lib = _LIB
    if facilities.reason() is not None:
        return f"no seccomp ({facilities.reason()})"
    if lib is None:
        return "no seccomp: libseccomp.so.2 not found"
    if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return "no seccomp: prctl(NO_NEW_PRIVS) failed"
    ctx = lib.seccomp_init(_ACT_ALLOW)
    if not ctx:
        return "no seccomp: seccomp_init failed"
    try:
        problem = _build(lib, ctx)
        if problem:
            return f"no seccomp: {problem}"
        rc = lib.seccomp_load(ctx)
        if rc < 0:
            return f"no seccomp: seccomp_load failed ({errno.errorcode.get(-rc, -rc)})"
    finally:
        lib.seccomp_release(ctx)
    return "seccomp: no sockets, no memfd, no io_uring, no namespaces, no ptrace, no mounts"


def _build(lib: ctypes.CDLL, ctx: int) -> str | None:
    """Add every rule; the name of the first call that could not be filtered, or None."""
    # Killing only the calling thread (the default) could leave the worker hanging on a dead thread.
    if lib.seccomp_attr_set(ctx, _ATTR_BADARCH, _ACT_KILL_PROCESS) < 0:
        return "foreign ABIs cannot be refused"
    lib.seccomp_attr_set(ctx, _ATTR_TSYNC, 1)  # best effort: the worker is single-threaded when it installs
    rules: list[tuple[str, int, _ArgCmp | None]] = [(name, errno.EPERM, None) for name in DENIED]
    rules += [("clone", errno.EPERM, _ArgCmp(0, _CMP_MASKED_EQ, flag, flag)) for flag in CLONE_NAMESPACE_FLAGS]
    # clone3 passes its flags in memory, out of a filter's reach: ENOSYS makes glibc fall
    # back to clone, whose flags the rules above can read.
    rules.append(("clone3", errno.ENOSYS, None))
    for name, code, compare in rules:
        number = lib.seccomp_syscall_resolve_name(name.encode())
        if number < 0:
            continue  # not a system call of this architecture (or older than this libseccomp)
        count, array = (1, ctypes.pointer(compare)) if compare else (0, None)
        if lib.seccomp_rule_add_array(ctx, _errno_action(code), number, count, array) < 0:
            return f"rule for {name} refused"
    return None
