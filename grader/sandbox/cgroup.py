"""A memory cgroup per run: one budget for everything the run holds in memory.

RLIMIT_AS caps one process's address space, but not the pages a run leaves in a memfd or a
tmpfs file, nor those of the processes it starts. A cgroup counts them all, and when it is
full the kernel's OOM killer ends a process of that run, not the grader.

Run cgroups live in a subgroup of the grader's own memory cgroup, named after the process
that created them, so a later grader can tell the ones whose creator died (SIGKILL leaves
them behind) from those of a grader still running beside it. cgroup v1 and v2 are both
supported; v2 only where the grader's cgroup may hand the memory controller to subgroups.

The same run also gets one run's share of the CPU, however many processes or sessions it
starts: on v2 the run's group gets `cpu.weight` (the default, as every run) and `cpu.max` of
one core; on v1 a group of the cpu hierarchy beside the grader's own, with `cpu.shares` and a
CFS quota of one core. Without it (no cpu controller) the scheduler would give each session a
share of its own (autogroup), and a run that forks busy sessions would starve its neighbours.
"""

from __future__ import annotations

import errno
import os
import signal
import time

KIT_GROUP = "cnn-kit"
PREFIX = "run-"
_REMOVE_WAIT_S = 2.0
CPU_PERIOD_US = 100_000
CPU_QUOTA_US = 100_000  # one core per run: a sandboxed run computes on one thread
CPU_WEIGHT_V2 = 100  # every run the same share (v2's default weight)
CPU_SHARES_V1 = 1024  # and v1's


class RunCgroup:
    """One run's memory cgroup; `create` makes it, `remove` takes it away."""

    def __init__(self, path: str, version: int) -> None:
        self.path = path
        self.version = version
        self.cpu_path: str | None = None  # where the run's CPU share is set: path on v2, the cpu hierarchy's on v1

    @classmethod
    def create(cls, name: str, limit_bytes: int) -> RunCgroup | None:
        """A new cgroup capped at limit_bytes of memory and no swap; None when this
        process cannot make one (see `available`). Call it in the grader's pid namespace
        (the supervisor, not the worker): the name carries the creator's pid."""
        where = _kit_group()
        if isinstance(where, str):
            return None
        kit, version = where
        path = os.path.join(kit, f"{PREFIX}{os.getpid()}-{name}")
        try:
            os.mkdir(path, 0o755)
        except FileExistsError:  # an earlier process with this pid, or a name used twice: take it if empty
            try:
                os.rmdir(path)
                os.mkdir(path, 0o755)
            except OSError:
                return None
        except OSError:
            return None
        group = cls(path, version)
        try:
            if version == 1:
                _write(path, "memory.limit_in_bytes", limit_bytes)
                _write_if_present(path, "memory.memsw.limit_in_bytes", limit_bytes)  # memory + swap
            else:
                _write(path, "memory.max", limit_bytes)
                _write_if_present(path, "memory.swap.max", 0)
        except OSError:
            group.remove()
            return None
        group.cpu_path = _cpu_share(path, version, f"{KIT_GROUP}-{PREFIX}{os.getpid()}-{name}")
        return group

    def add(self, pid: int = 0) -> None:
        """Move a process (with all its threads) into the cgroup; 0, the calling process,
        whatever its pid namespace. Raises OSError on failure."""
        _write(self.path, "cgroup.procs", pid)
        if self.cpu_path and self.cpu_path != self.path:
            _write(self.cpu_path, "cgroup.procs", pid)

    def oom_killed(self) -> bool:
        """Whether the kernel killed a process of this run for want of memory."""
        name, field = ("memory.oom_control", "oom_kill") if self.version == 1 else ("memory.events", "oom_kill")
        return _field(self.path, name, field) > 0

    def peak_bytes(self) -> int | None:
        """The most memory the run held at once, None where the kernel does not say."""
        name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
        try:
            with open(os.path.join(self.path, name)) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def remove(self) -> None:
        """Kill whatever still runs in the cgroup and delete it. Never raises; gives up
        after a short wait (the cgroup then stays for `remove_leftovers`)."""
        self._remove_memory()
        if self.cpu_path and self.cpu_path != self.path:
            try:
                os.rmdir(self.cpu_path)  # its processes were the memory group's, killed above
            except OSError:
                pass

    def _remove_memory(self) -> None:
        deadline = time.monotonic() + _REMOVE_WAIT_S
        while True:
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError as exc:
                if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                    return
            self._kill_members()
            time.sleep(0.002)

    def _kill_members(self) -> None:
        try:
            if self.version == 2 and os.path.exists(os.path.join(self.path, "cgroup.kill")):
                _write(self.path, "cgroup.kill", 1)
                return
            for pid in _members(self.path):
                # A pidfd pins the process: if the pid is still a member once the pidfd is
                # open, the signal cannot reach an unrelated process that reused the pid.
                try:
                    pidfd = os.pidfd_open(pid)
                except OSError:
                    continue
                try:
                    if pid in _members(self.path):
                        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                finally:
                    os.close(pidfd)
        except OSError:
            pass


def available() -> str | None:
    """None when run cgroups can be made here, else why not, in a few words."""
    where = _kit_group()
    return where if isinstance(where, str) else None


def remove_leftovers() -> int:
    """Delete empty run cgroups whose creating process is gone; the number removed."""
    where = _kit_group()
    if isinstance(where, str):
        return 0
    kit, version = where
    removed = _remove_dead(kit, PREFIX)
    cpu = _own_v1_cpu_cgroup() if version == 1 else None
    if cpu:
        removed += _remove_dead(cpu, f"{KIT_GROUP}-{PREFIX}")
    return removed


def _remove_dead(folder: str, prefix: str) -> int:
    removed = 0
    try:
        entries = os.listdir(folder)
    except OSError:
        return 0
    for entry in entries:
        owner = entry[len(prefix):].split("-", 1)[0] if entry.startswith(prefix) else ""
        if not owner.isdigit() or _alive(int(owner)):
            continue
        try:
            os.rmdir(os.path.join(folder, entry))  # EBUSY while processes remain: kept
            removed += 1
        except OSError:
            pass
    return removed


def _cpu_share(path: str, version: int, v1_name: str) -> str | None:
    """Give the run at `path` one run's share of the CPU; where it was set, or None (no cpu controller)."""
    try:
        if version == 2:
            for group in (os.path.dirname(os.path.dirname(path)), os.path.dirname(path)):
                _delegate(group, "cpu")
            _write(path, "cpu.weight", CPU_WEIGHT_V2)
            _write(path, "cpu.max", f"{CPU_QUOTA_US} {CPU_PERIOD_US}")
            return path
        cpu = _own_v1_cpu_cgroup()
        if cpu is None:
            return None
        # Beside the grader's own group, not under a kit group: each run competes as one process would.
        run = os.path.join(cpu, v1_name)
        os.makedirs(run, exist_ok=True)
        _write(run, "cpu.shares", CPU_SHARES_V1)
        _write(run, "cpu.cfs_period_us", CPU_PERIOD_US)
        _write(run, "cpu.cfs_quota_us", CPU_QUOTA_US)
        return run
    except OSError:
        return None


def _own_v1_cpu_cgroup() -> str | None:
    """The directory of this process's group in the v1 cpu hierarchy, None when there is none."""
    try:
        memberships, mounts = _memberships_and_mounts()
    except OSError:
        return None
    for _, controllers, path in memberships:
        if "cpu" in controllers.split(","):
            return _mount_of(mounts, "cgroup", path, need_option="cpu")
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kit_group() -> tuple[str, int] | str:
    """(path of the kit's subgroup, cgroup version), or why there is none."""
    if os.geteuid() != 0:
        return "no memory cgroup: not root"
    found = _own_memory_cgroup()
    if isinstance(found, str):
        return found
    own, version = found
    kit = os.path.join(own, KIT_GROUP)
    try:
        if version == 2:
            _delegate_memory(own)
        os.makedirs(kit, exist_ok=True)
        if version == 2:
            _delegate_memory(kit)
    except OSError as exc:
        if version == 2 and exc.errno == errno.EBUSY:
            return (f"no memory cgroup: cgroup v2 group {own} holds processes, so it cannot hand the memory "
                    "controller to subgroups (start the grader in a leaf of a delegated cgroup)")
        return f"no memory cgroup: {kit}: {exc.strerror}"
    return kit, version


def _delegate_memory(group: str) -> None:
    """Enable the memory controller for the children of a cgroup v2 group."""
    _delegate(group, "memory")


def _delegate(group: str, controller: str) -> None:
    """Enable a controller for the children of a cgroup v2 group."""
    with open(os.path.join(group, "cgroup.subtree_control")) as f:
        if controller in f.read().split():
            return
    _write(group, "cgroup.subtree_control", f"+{controller}")


def _own_memory_cgroup() -> tuple[str, int] | str:
    """The directory of this process's memory cgroup, and the cgroup version that holds it."""
    try:
        memberships, mounts = _memberships_and_mounts()
    except OSError:
        return "no memory cgroup: /proc is not readable"
    for hierarchy, controllers, path in memberships:
        if "memory" in controllers.split(","):  # v1: the memory controller has its own hierarchy
            mount = _mount_of(mounts, "cgroup", path, need_option="memory")
            return (mount, 1) if mount else "no memory cgroup: the v1 memory hierarchy is not mounted"
    for hierarchy, controllers, path in memberships:
        if hierarchy == "0" and controllers == "":
            own = _mount_of(mounts, "cgroup2", path)
            if not own:
                return "no memory cgroup: cgroup v2 is not mounted"
            try:
                with open(os.path.join(own, "cgroup.controllers")) as f:
                    if "memory" in f.read().split():
                        return own, 2
            except OSError:
                pass
            return f"no memory cgroup: the memory controller is not available in {own}"
    return "no memory cgroup: this kernel has no memory controller"


def _memberships_and_mounts() -> tuple[list[list[str]], list[list[str]]]:
    """This process's cgroups (hierarchy, controllers, path) and the mount table's lines, split."""
    with open("/proc/self/cgroup") as f:
        memberships = [line.rstrip("\n").split(":", 2) for line in f]
    with open("/proc/self/mountinfo") as f:
        mounts = [line.split() for line in f]
    return memberships, mounts


def _mount_of(mounts: list[list[str]], fstype: str, path: str, need_option: str | None = None) -> str | None:
    """The directory, under a mounted cgroup file system, of the group at `path` in that hierarchy."""
    for fields in mounts:
        sep = fields.index("-")
        if fields[sep + 1] != fstype:
            continue
        if need_option and need_option not in fields[sep + 3].split(","):
            continue
        root, mount_point = fields[3], fields[4]
        if path == root or path.startswith(root.rstrip("/") + "/"):  # the mount may show a subtree only
            return os.path.join(mount_point, path[len(root):].lstrip("/")).rstrip("/")
    return None


def _members(path: str) -> list[int]:
    with open(os.path.join(path, "cgroup.procs")) as f:
        return [int(line) for line in f if line.strip()]


def _field(path: str, name: str, field: str) -> int:
    try:
        with open(os.path.join(path, name)) as f:
            for line in f:
                key, _, value = line.partition(" ")
                if key == field:
                    return int(value)
    except (OSError, ValueError):
        pass
    return 0


def _write(path: str, name: str, value: object) -> None:
    with open(os.path.join(path, name), "w") as f:
        f.write(str(value))


def _write_if_present(path: str, name: str, value: object) -> None:
    if os.path.exists(os.path.join(path, name)):
        _write(path, name, value)
