"""What going through Dask costs: the synthetic class graded by the local runner and on LocalClusters.

One run grades benchmarks/class_speed.py's class (correct, stubs, one mistake, broken; no two
submissions alike) three times with `python -m grader class`, each into a new OUT:

    local      the local runner: one Engine, --jobs two per core
    dask x1    --scheduler on a LocalCluster of 1 worker with two threads per core
    dask x2    --scheduler on a LocalCluster of 2 workers with one thread per core each

Both clusters have as many threads as the local runner has jobs, so the difference is Dask's
(and, for x2, a second fork server and a second process checking answers). The clusters are
started before their run is timed, as a course's cluster would be; each run still pays for
its own start: the local Engine's fork server, or the plugin's on every worker. The three
gradebooks must be identical. Then, for each: submissions per second over the whole run
and in the steady state (between 10 % and 90 % of the class), the overhead per submission of
Dask against the local runner, the CPU time per submission of the grader process, the
scheduler and the workers (a cluster's rate is bounded by the grader's and the scheduler's,
which stay one each however many machines grade), and the estimate for a class of 20,000
on 10 machines like this one.

    python benchmarks/dask_scale.py [--students 200] [--machines 10] [--class-size 20000]
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT))
sys.path.insert(0, str(KIT / "benchmarks"))


def grade(submissions: Path, out: Path, options: tuple[str, ...] = (), probes: dict | None = None) -> dict:
    """One `grader class` run: its wall and grading time (its own summary line), its steady rate, and
    the CPU seconds per submission of the grader process and of each probe, in the steady state."""
    command = [sys.executable, "-m", "grader", "class", str(submissions), "--out", str(out), "--no-similarity",
               *options]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=KIT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    grader = psutil.Process(process.pid)
    probes = {"grader": lambda: _cpu(grader), **(probes or {})}
    total, marks = len(list(submissions.iterdir())), {}
    while process.poll() is None:
        done = _stored(out)
        for share in (0.1, 0.9):
            if share not in marks and done >= share * total:
                marks[share] = (time.perf_counter(), done, {name: probe() for name, probe in probes.items()})
        time.sleep(0.02)
    wall = time.perf_counter() - started
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    graded = re.search(r"(\d+) graded now in ([\d.]+) s", stdout)
    (t0, n0, cpu0), (t1, n1, cpu1) = marks[0.1], marks[0.9]
    return {"wall": wall, "count": int(graded.group(1)), "grading": float(graded.group(2)),
            "steady": (n1 - n0) / (t1 - t0), "cpu": {name: (cpu1[name] - cpu0[name]) / (n1 - n0) for name in cpu0},
            "book": (out / "gradebook.csv").read_text()}


def on_cluster(submissions: Path, out: Path, workers: int, threads: int) -> dict:
    """Graded through a LocalCluster started (and warm) beforehand, as a course's cluster would be."""
    from grader.classroom.dask_cluster import local_cluster

    cluster = local_cluster(workers, threads)
    try:
        scheduler = _loop_thread(cluster)
        probes = {"scheduler": lambda: _thread_cpu(scheduler),
                  "workers": lambda: sum(_cpu(psutil.Process(n.pid)) for n in cluster.workers.values() if n.pid)}
        return grade(submissions, out, ("--scheduler", cluster.scheduler_address), probes)
    finally:
        cluster.close()


def _cpu(process: psutil.Process) -> float:
    """A process's own CPU seconds, not its children's (a worker's sandboxes are not Dask's cost)."""
    try:
        times = process.cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return times.user + times.system


def _loop_thread(cluster) -> int:
    """The thread of this process that runs the LocalCluster's scheduler (and its nannies)."""
    found, ready = [], threading.Event()
    cluster.loop.add_callback(lambda: (found.append(threading.get_native_id()), ready.set()))
    ready.wait(10)
    return found[0]


def _thread_cpu(thread: int) -> float:
    return next((t.user_time + t.system_time for t in psutil.Process().threads() if t.id == thread), 0.0)


def _stored(out: Path) -> int:
    """Results committed in OUT's store so far (read-only, never waiting on the grader)."""
    try:
        db = sqlite3.connect(f"file:{out / 'results.sqlite'}?mode=ro", uri=True, timeout=0.1)
        try:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--machines", type=int, default=10, help="for the estimate: machines like this one")
    parser.add_argument("--class-size", type=int, default=20_000, help="for the estimate: submissions")
    args = parser.parse_args()
    from class_speed import build_class

    from grader.classroom.runner import default_jobs

    jobs, cores = default_jobs(), os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="cnn-dask-bench-") as tmp:
        root = Path(tmp)
        build_class(root / "class", args.students)
        runs = {"local runner": grade(root / "class", root / "local")}
        runs["dask, 1 worker"] = on_cluster(root / "class", root / "dask1", 1, jobs)
        runs["dask, 2 workers"] = on_cluster(root / "class", root / "dask2", 2, max(1, jobs // 2))
    assert len({run["book"] for run in runs.values()}) == 1, "the gradebooks differ between the runners"
    assert all(run["count"] == args.students for run in runs.values())
    report(runs, args, jobs, cores)


def report(runs: dict, args, jobs: int, cores: int) -> None:
    local = runs["local runner"]
    print(f"class of {args.students} students (correct, stubs, one mistake, broken), {cores} cores, {jobs} "
          f"submissions at a time in each run; the three gradebooks are identical")
    print(f"{'':16} {'whole s':>7} {'subs/s':>6} {'command s':>9} | {'steady subs/s':>13} {'overhead/sub':>12} | "
          f"CPU ms/sub: {'grader':>6} {'scheduler':>9} {'workers':>7}")
    for name, run in runs.items():
        overhead = "" if run is local else f"{(1 / run['steady'] - 1 / local['steady']) * 1000:+.0f} ms"
        cpu = {k: f"{v * 1000:.1f}" for k, v in run["cpu"].items()}
        print(f"{name:16} {run['grading']:7.1f} {args.students / run['grading']:6.2f} {run['wall']:9.1f} | "
              f"{run['steady']:13.2f} {overhead:>12} | {'':11} {cpu['grader']:>6} {cpu.get('scheduler', '-'):>9} "
              f"{cpu.get('workers', '-'):>7}")
    print("whole: from the command's start to its last result (the runner's start included); command: with the "
          "exports; steady: from 10 % to 90 % of the class; overhead/sub: 1/steady rate minus the local runner's; "
          "grader CPU: with the local runner it checks the answers too, on Dask the workers do")
    start = {n: r["grading"] - args.students / r["steady"] for n, r in runs.items()}
    print("start-up and tail (whole minus class / steady rate): " +
          ", ".join(f"{n} {s:.1f} s" for n, s in start.items()))

    name, best = max(((n, r) for n, r in runs.items() if n != "local runner"), key=lambda item: item[1]["steady"])
    limits = {f"{args.machines} machines x {best['steady']:.2f}/s": args.machines * best["steady"],
              f"the grader process ({best['cpu']['grader'] * 1000:.1f} ms CPU/sub)": 1 / best["cpu"]["grader"],
              f"the scheduler ({best['cpu']['scheduler'] * 1000:.1f} ms CPU/sub)": 1 / best["cpu"]["scheduler"]}
    limit = min(limits, key=limits.get)
    seconds = start[name] + args.class_size / limits[limit]
    print(f"estimate: {args.class_size:,} submissions on {args.machines} machines like this one, each as '{name}': "
          f"{args.class_size:,} / {limits[limit]:.0f} per s + {start[name]:.0f} s start = {seconds / 60:.0f} min, "
          f"limited by {limit}; the others allow " +
          ", ".join(f"{k} {v:.0f}/s" for k, v in limits.items() if k != limit))


if __name__ == "__main__":
    main()
