"""What each sandbox primitive costs per run: median of back-to-back runs, in milliseconds.

Runs as the class grader does: torch imported first (as in the fork server), then for each
run a supervisor is forked that forks a worker. Each primitive is timed where it runs
(the supervisor's `enter`, the worker's `private_mounts` and seccomp `install`), and the
whole run is timed against a baseline run without them, because namespaces cost most when
they are torn down, after the call. Needs root for everything but seccomp.

    python benchmarks/sandbox_primitives.py [--runs 50]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time

import torch  # noqa: F401 - a fork server's memory, so forks cost what they cost there

from grader.sandbox import cgroup, cleanup, namespaces, seccomp

MODES = ("baseline", "namespaces, own network", "namespaces, shared network")


def one_run(mode: str, network_fd: int | None) -> dict:
    """Fork a supervisor that forks a worker, as a grading run does; the timings in ms."""
    read_end, write_end = os.pipe()
    cpu_before = _children_cpu()
    started = time.perf_counter()
    supervisor = os.fork()
    if supervisor == 0:
        timings = {}
        if mode != "baseline":
            t = time.perf_counter()
            namespaces.enter(network_fd if mode.endswith("shared network") else None)
            timings["enter"] = time.perf_counter() - t
        worker = os.fork()
        if worker == 0:
            if mode != "baseline":
                t = time.perf_counter()
                namespaces.private_mounts(64 << 20, 4096)
                timings["private_mounts"] = time.perf_counter() - t
            t = time.perf_counter()
            seccomp.install()
            timings["seccomp install"] = time.perf_counter() - t
            os.write(write_end, json.dumps(timings).encode())
            os._exit(0)
        os.waitpid(worker, 0)
        os._exit(0)
    os.close(write_end)
    timings = json.loads(os.read(read_end, 4096))
    os.close(read_end)
    os.waitpid(supervisor, 0)
    timings["whole run"] = time.perf_counter() - started
    timings["whole run, cpu"] = _children_cpu() - cpu_before  # of the processes, not kernel workers
    return {name: seconds * 1e3 for name, seconds in timings.items()}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cgroup_run() -> dict:
    """Create a run cgroup, put a forked worker in it, remove it once the worker is gone."""
    t = time.perf_counter()
    group = cgroup.RunCgroup.create("bench", 256 << 20)
    created = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        group.add()
        os._exit(0)
    os.waitpid(pid, 0)
    t_remove = time.perf_counter()
    group.remove()
    done = time.perf_counter()
    return {"cgroup create": (created - t) * 1e3, "cgroup remove": (done - t_remove) * 1e3,
            "cgroup create+remove": (created - t + done - t_remove) * 1e3}


def medians(runs: list[dict]) -> dict:
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def in_parallel(mode: str, network_fd: int | None, runs: int) -> float:
    """Two processes grading at once, runs each: wall-clock ms per run."""
    started = time.perf_counter()
    pids = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            for _ in range(runs):
                one_run(mode, network_fd)
            os._exit(0)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)
    return (time.perf_counter() - started) * 1e3 / (2 * runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    network_fd = namespaces.empty_network()
    modes = MODES if network_fd is not None else MODES[:2]
    runs: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(args.runs + 1):  # modes interleaved, so that a busy moment hits them all
        for mode in modes:
            runs[mode].append(one_run(mode, network_fd))
    baseline = None
    for mode in modes:
        result = medians(runs[mode][1:])  # the first is a warm-up
        baseline = baseline or result
        print(f"\n{mode} (median of {args.runs} runs, ms)")
        for name, ms in result.items():
            print(f"  {name:<28}{ms:8.3f}")
        wholes = sorted(run["whole run"] for run in runs[mode][1:])
        print(f"  {'whole run p95, max':<28}{wholes[int(0.95 * len(wholes))]:8.3f}{wholes[-1]:8.3f}")
        if mode != "baseline":
            print(f"  {'whole run minus baseline':<28}{result['whole run'] - baseline['whole run']:8.3f}")
            print(f"  {'cpu minus baseline':<28}{result['whole run, cpu'] - baseline['whole run, cpu']:8.3f}")
        print(f"  {'2 in parallel, wall per run':<28}{in_parallel(mode, network_fd, args.runs):8.3f}")
    why_not = cgroup.available()
    if why_not:
        print(f"\n{why_not}")
    else:
        print(f"\nmemory cgroup (median of {args.runs} runs, ms)")
        for name, ms in medians([cgroup_run() for _ in range(args.runs)]).items():
            print(f"  {name:<28}{ms:8.3f}")
    folder = cleanup.private_folder("cnn-bench-")
    runs = []
    for _ in range(args.runs):
        scratch = folder / "scratch"
        scratch.mkdir()
        for i in range(20):
            (scratch / f"out{i}.txt").write_text("x")
        t = time.perf_counter()
        cleanup.remove_tree(scratch)
        runs.append((time.perf_counter() - t) * 1e3)
    cleanup.remove_private_folder(folder)
    print(f"\nremove_tree of a scratch folder with 20 files (median, ms)  {statistics.median(runs):.3f}")


if __name__ == "__main__":
    main()
