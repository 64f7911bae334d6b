"""Where one submission's time goes: the grader's steps and the sandboxed child's, wall and CPU.

Grades students of a synthetic class (class_speed.py's) one after another with one Engine, as the
class runner's threads each do, and times every step from the outside: the fork server is started
as this script, which wraps the sandbox's functions to note (process, step, clock, process CPU) in
memory it shares with every run (an anonymous MAP_SHARED mapping survives fork, and Landlock and
seccomp do not stop writes to it); each supervisor writes its run's notes to a file just before its
status. The clock is CLOCK_MONOTONIC, the same in every process. Nothing in grader/ changes for it.

    python benchmarks/grading_phases.py [--students 40]

Prints the median of each step over the students (the first two, cold, are left out).
"""

from __future__ import annotations

import argparse
import json
import mmap
import os
import resource
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT))

NOTES = 1 << 16
LABELS = {  # the wrapped function: what it stands for
    "grader: _answers": "grader: answers read and parsed, each unit's checks included",
    "grader: _outcome": "grader: how the run ended, from the status",
    "grader: encode": "grader: inputs encoded (JSON, safetensors)",
    "grader: grade": "grader: the whole grade() call",
    "grader: parse_unit": "grader: a unit's answers decoded and typed",
    "grader: run_checks": "grader: the checks",
    "grader: units_for": "grader: plans drawn (inputs seeded per file)",
    "supervisor: create": "supervisor: run cgroup made",
    "supervisor: enter": "supervisor: namespaces entered",
    "supervisor: fork": "supervisor: fork of the worker (parent's side)",
    "supervisor: kill_leftovers": "supervisor: leftovers looked for and killed",
    "supervisor: remove": "supervisor: run cgroup removed",
    "worker: _import": "worker: the 10 exercise files imported",
    "worker: _wait_read": "worker: waits for the grader to read (output, end)",
    "worker: add": "worker: joins the run cgroup",
    "worker: confine": "worker: rlimits, own uid, Landlock",
    "worker: install": "worker: seccomp",
    "worker: pack": "worker: answers framed (JSON, safetensors)",
    "worker: perform": "worker: the submission's code on the inputs",
    "worker: place_files": "worker: files written to its tmpfs",
    "worker: private_mounts": "worker: mount namespace, tmpfs, /proc",
    "zygote: fork": "fork server: fork of the supervisor (parent's side)",
}
_shared = mmap.mmap(-1, NOTES, flags=mmap.MAP_SHARED) if __name__ == "__main__" else None
_role = ["grader"]


def note(step: str) -> None:
    """Append (process, step, clock, CPU) to this run's notes in the shared mapping."""
    data = json.dumps([_role[0], step, time.monotonic(), time.process_time()]).encode() + b"\n"
    (used,) = struct.unpack_from("<I", _shared, 0)
    used = max(used, 8)
    if used + len(data) < NOTES:
        _shared[used:used + len(data)] = data
        struct.pack_into("<I", _shared, 0, used + len(data))


def wrap(owner, name: str, step: str | None = None, marks: list | None = None) -> None:
    """Note `step>` and `step<` around owner.name (in `marks` on the grader's side)."""
    function, step = getattr(owner, name), step or name
    record = note if marks is None else (lambda s: marks.append(("grader", s, time.monotonic(), time.thread_time())))

    def wrapped(*args, **kwargs):
        record(step + ">")
        try:
            return function(*args, **kwargs)
        finally:
            record(step + "<")

    setattr(owner, name, wrapped)


def fork_server(fd: int, log: str) -> None:
    """The fork server, with every step of its runs noted."""
    from grader.sandbox import cgroup, confine, facilities, namespaces, protocol, runner, seccomp, supervisor, zygote

    real_fork, real_wait4, real_write = os.fork, os.wait4, os.write

    def fork():
        note("fork>")
        pid = real_fork()
        if pid == 0:
            _role[0] = "supervisor" if _role[0] == "zygote" else "worker"
        note("fork<")
        return pid

    def wait4(pid, options):
        found = real_wait4(pid, options)
        if found[0] == pid and _role[0] == "supervisor":
            note("worker reaped")
            note(f"worker rusage={found[2].ru_utime + found[2].ru_stime:.6f}")
        return found

    def write(fd, data):
        if _role[0] == "supervisor" and bytes(data[:10]) == b'{"ending":':  # the status: the run is over
            note("status")
            (used,) = struct.unpack_from("<I", _shared, 0)
            with open(log, "ab") as file:
                file.write(json.dumps(bytes(_shared[8:used]).decode()).encode() + b"\n")
        return real_write(fd, data)

    os.fork, os.wait4, os.write = fork, wait4, write
    receive = zygote._receive

    def received(sock):
        message = receive(sock)
        struct.pack_into("<I", _shared, 0, 8)  # a new run: its own notes
        return message

    zygote._receive = received
    _role[0] = "zygote"
    for owner, names in ((cgroup.RunCgroup, ("create", "add", "remove")), (namespaces, ("enter", "private_mounts")),
                         (runner, ("place_files", "_import", "_wait_read", "perform")), (confine, ("confine",)),
                         (seccomp, ("install",)), (supervisor, ("kill_leftovers",)), (protocol, ("pack",))):
        for name in names:
            wrap(owner, name)
    facilities.libc_prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: die with the benchmark
    try:
        zygote.serve(socket.socket(fileno=fd), many_runs=True)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass


def start_fork_server(log: str):
    from grader.sandbox import zygote

    server = zygote.Zygote.__new__(zygote.Zygote)
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    server.sock, server.lock, server._ready = ours, threading.Lock(), False
    server.process = subprocess.Popen([sys.executable, __file__, "--fork-server", str(theirs.fileno()), log],
                                      pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                      env={**zygote.sandbox_environment(), "PYTHONPATH": str(KIT)})
    theirs.close()
    return server


def grade(students: int, log: str) -> tuple[list[list], list[list], dict]:
    """Grade the class serially: (grader's marks per student, child's notes per student, totals)."""
    from benchmarks.class_speed import build_class
    from grader.catalog import load
    from grader.engine import attempt, checking, engine, request
    from grader.engine.settings import Settings
    from grader.submission import from_folder

    marks: list = []
    for owner, name in ((request, "units_for"), (request, "encode"), (checking, "run_checks"),
                        (engine, "parse_unit"), (attempt.Attempt, "_answers"), (attempt.Attempt, "_outcome"),
                        (engine.Engine, "grade")):
        wrap(owner, name, marks=marks)
    names = [e.name for e in load().exercises]
    with tempfile.TemporaryDirectory() as folder:
        build_class(Path(folder), students + 2)
        subs = [from_folder(f.name, f, names) for f in sorted(Path(folder).iterdir())]
    grader = engine.Engine(Settings(), start_fork_server(log))
    try:
        for sub in subs[:2]:  # cold: the first runs fault in what every later run shares
            grader.grade(sub)
        os.remove(log)
        ours, children = [], resource.getrusage(resource.RUSAGE_SELF)
        started, cpu = time.monotonic(), time.process_time()
        for sub in subs[2:]:
            marks.clear()
            grader.grade(sub)
            ours.append(list(marks))
        totals = {"wall": (time.monotonic() - started) / students, "grader CPU": (time.process_time() - cpu) / students}
    finally:
        grader.close()
    with open(log) as file:
        runs = [[json.loads(line) for line in json.loads(row).splitlines()] for row in file]
    return ours, runs, totals


def steps(grader_marks: list, notes: list) -> dict[str, tuple[float, float]]:
    """{step: (wall ms, CPU ms)} of one submission; CPU is that process's own."""
    found: dict[str, list[float]] = {}

    def add(step: str, wall: float, cpu: float) -> None:
        total = found.setdefault(step, [0.0, 0.0])
        total[0], total[1] = total[0] + 1000 * wall, total[1] + 1000 * cpu

    for name, marks in (("grader", grader_marks), ("child", notes)):
        open_steps: dict = {}
        for who, step, clock, cpu in marks:
            if step.endswith(">"):
                open_steps[(who, step[:-1])] = (clock, cpu)
            elif step.endswith("<") and (who, step[:-1]) in open_steps:
                clock0, cpu0 = open_steps.pop((who, step[:-1]))
                add(f"{who}: {step[:-1]}" if name == "child" else f"grader: {step[:-1]}", clock - clock0, cpu - cpu0)
    first = {(who, step): (clock, cpu) for who, step, clock, cpu in reversed(notes)}
    last = {(who, step): (clock, cpu) for who, step, clock, cpu in notes}
    rusage = next(float(s.split("=")[1]) for _, s, _, _ in notes if s.startswith("worker rusage="))
    add("worker: whole run (rusage, exit included)", 0.0, rusage)
    add("worker: fork to hello (set-up)", first[("worker", "pack>")][0] - first[("worker", "fork<")][0],
        first[("worker", "pack>")][1] - first[("worker", "fork<")][1])
    add("supervisor: whole run until status", last[("supervisor", "status")][0] - first[("supervisor", "fork<")][0],
        last[("supervisor", "status")][1] - first[("supervisor", "fork<")][1])
    add("supervisor: worker's exit until reaped", last[("supervisor", "worker reaped")][0]
        - max(c for w, _, c, _ in notes if w == "worker"), 0.0)
    return {step: (wall, cpu) for step, (wall, cpu) in found.items()}


def main() -> None:
    if sys.argv[1:2] == ["--fork-server"]:
        fork_server(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ours, runs, totals = grade(args.students, os.path.join(folder, "notes.jsonl"))
    table: dict[str, list[tuple[float, float]]] = {}
    for grader_marks, notes in zip(ours, runs):
        for step, values in steps(grader_marks, notes).items():
            table.setdefault(step, []).append(values)
    print(f"{args.students} students graded one after another; load average {os.getloadavg()[0]:.1f}")
    print(f"per submission: {1000 * totals['wall']:.1f} ms wall, "
          f"grader process {1000 * totals['grader CPU']:.1f} ms CPU")
    print(f"{'step (summed over the run; median over students)':<58} {'wall ms':>8} {'CPU ms':>8}")
    for step in sorted(table, key=lambda s: LABELS.get(s, s)):
        values = table[step]
        wall, cpu = statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)
        print(f"{LABELS.get(step, step):<58} {wall:8.2f} {cpu:8.2f}")


if __name__ == "__main__":
    main()
