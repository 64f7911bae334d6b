"""Issue 13: a class graded on a Dask cluster gets the local runner's gradebook, loses nothing when a
worker dies or the grader is stopped, refuses a worker whose kit differs, and leaves no process.

The cluster is real: a `dask scheduler` and two `dask worker` processes on 127.0.0.1
(tests/classroom/dask_cluster.py), stopped by their pids at the end. The local runner's
gradebook of the same mixed class (correct, wrong, crashing, hanging, hostile) is the
session's `graded_class` (tests/classroom/conftest.py), graded with the same options.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import time
from concurrent.futures import CancelledError, Future
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from distributed import KilledWorker
from distributed.client import FutureCancelledError

from grader.classroom import dask_cluster as cluster_module
from grader.classroom.dask_runner import DaskRunner, TaskLost, failure_of, result_of
from grader.classroom.runner import RunnerError
from grader.engine.engine import Interrupted, Settings
from grader.result import SubmissionResult
from grader.sandbox.supervisor import UID_BASE
from grader.submission import from_folder
from tests.classroom.class_runs import ClassRun, gradebook, stored
from tests.classroom.conftest import KIT, run_class
from tests.classroom.dask_cluster import Cluster, kill_leftovers

OPTIONS = ("--timeout", "3", "--memory", "2048")  # those of the session's local run (conftest.run_class)
HIDDEN = KIT / "grader" / "hidden_example"


def rows(text: str) -> dict[str, dict]:
    return {row["student"]: row for row in csv.DictReader(io.StringIO(text))}


def same_grades(local: Path, dask: Path, students=None) -> None:
    """The gradebook's rows, every feedback.md and every results.json but its execution time."""
    expected = rows(gradebook(local))
    if students is not None:
        expected = {s: r for s, r in expected.items() if s in students}
    assert rows(gradebook(dask)) == expected
    for student in expected:
        for name in ("feedback.md", "results.json"):
            ours, theirs = (out / "students" / student / name for out in (dask, local))
            if name == "results.json":
                assert {**json.loads(ours.read_text()), "execution_time": 0} == \
                       {**json.loads(theirs.read_text()), "execution_time": 0}, student
            else:
                assert ours.read_text() == theirs.read_text(), student


def subset(class_folder: Path, into: Path, leave_out=(), only=None) -> Path:
    for folder in sorted(class_folder.iterdir()):
        if folder.name not in leave_out and (only is None or folder.name in only):
            shutil.copytree(folder, into / folder.name)
    return into


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def sandbox_of(pid: int, runs_only: bool = False) -> list[psutil.Process]:
    """The fork servers and sandboxed runs below a worker; runs_only: the runs (a supervisor and what it
    forked), which are the processes of the sandbox whose parent is one too."""
    found = []
    for process in descendants(pid):
        try:
            if process.uids().real >= UID_BASE or "grader.sandbox.zygote" in " ".join(process.cmdline()):
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    if runs_only:
        pids = {p.pid for p in found}
        found = [p for p in found if _parent(p) in pids]
    return found


def _parent(process: psutil.Process) -> int | None:
    try:
        return process.ppid()
    except psutil.NoSuchProcess:
        return None


def alive(pids: list[int]) -> list[int]:
    found = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                found.append(pid)
        except psutil.NoSuchProcess:
            pass
    return found


def eventually(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


# -- without a cluster ---------------------------------------------------------------------------

def test_a_task_dask_gave_up_on_is_the_graders_failure_never_a_stop():
    killed = KilledWorker("grade-1", SimpleNamespace(address="tcp://127.0.0.1:1"), 3)
    assert failure_of(killed) is killed
    # Dask cancels the tasks of a lost scheduler itself: the class loop must not take it for a stop
    lost = failure_of(FutureCancelledError("grade-2", reason="scheduler-connection-lost"))
    assert isinstance(lost, TaskLost) and not isinstance(lost, CancelledError)
    assert isinstance(failure_of(Interrupted()), TaskLost)  # a worker stopped by someone else, not us
    graded = SubmissionResult("graded", 110.0, 110.0, "cpu", None, "")
    assert result_of(json.dumps(graded.to_dict())) == graded


def test_a_killed_worker_is_retried_once_then_listed_never_scored():
    from grader.classroom.cli import _grade_all

    class Runner:
        def __init__(self, outcomes):
            self.outcomes = outcomes

        def submit(self, submission):
            future = Future()
            outcome = self.outcomes.pop(0)
            future.set_exception(outcome) if isinstance(outcome, BaseException) else future.set_result(outcome)
            return future

    class Store:
        def __init__(self):
            self.graded, self.infra = {}, {}

        def put(self, digest, key, result):
            self.graded[digest] = result

        def put_infra(self, digest, key, why):
            self.infra[digest] = why

    progress = type("Progress", (), {"advance": lambda self, infra_error=False: None})()
    stop = type("Stop", (), {"signum": 0})()
    student = from_folder("ann", KIT / "solutions", ["ex03_output_size"])
    graded = SubmissionResult("graded", 10.0, 10.0, "cpu", None, "")
    killed = KilledWorker("grade-1", SimpleNamespace(address="tcp://127.0.0.1:1"), 3)

    store = Store()  # killed once, graded on the retry
    assert _grade_all(Runner([killed, graded]), store, "key", [student], progress, stop) == ({student.digest()}, 0)
    assert store.graded == {student.digest(): graded} and store.infra == {}
    store = Store()  # killed twice: listed, no score
    assert _grade_all(Runner([killed, killed]), store, "key", [student], progress, stop) == (set(), 1)
    assert store.graded == {} and "KilledWorker" in store.infra[student.digest()]


def test_jobs_on_a_cluster_and_an_unreachable_scheduler_are_refused_in_one_line(tmp_path, monkeypatch):
    (tmp_path / "subs" / "ann").mkdir(parents=True)
    completed = run_class(tmp_path / "subs", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:1", "--jobs", "2")
    assert completed.returncode == 2 and "each worker grades its --nthreads" in completed.stderr
    monkeypatch.setattr(cluster_module, "CONNECT_S", 1.0)
    with pytest.raises(RunnerError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:1 "):
        DaskRunner(Settings(device="cpu"), "tcp://127.0.0.1:1")


def test_scheduler_local_has_jobs_threads_in_a_worker_per_four_cores(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert cluster_module.local_shape(None) == (1, 4)  # two threads per core, as the local runner's --jobs
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert cluster_module.local_shape(None) == (4, 8)
    assert cluster_module.local_shape(12) == (4, 3) and cluster_module.local_shape(7) == (1, 7)  # exactly --jobs


def test_scheduler_local_grades_here_and_closes_its_cluster(graded_class, tmp_path):
    students = {"alice", "carol", "h_exit_at_import", "h_memory_hog"}
    subs = subset(graded_class["submissions"], tmp_path / "subs", only=students)
    run = ClassRun(subs, tmp_path / "out", *OPTIONS, "--scheduler", "local", "--jobs", "2")
    assert run.wait() == 0, run.output[-3000:]
    same_grades(graded_class["out"], tmp_path / "out", students)
    assert kill_leftovers(run.marker) == [], "a worker, fork server or run of the LocalCluster outlived the grader"


# -- on a cluster of two workers -----------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("dask-logs"), workers=2, threads=2)
    try:
        cluster.wait_ready(2)
        yield cluster
    finally:
        left = cluster.stop()
    assert left == [], f"processes outlived the scheduler and workers they belong to: {left}"


def live_workers(cluster: Cluster) -> list:
    return [w for w in cluster.workers if w.poll() is None]


def test_the_cluster_grades_the_class_as_the_local_runner_does(graded_class, cluster, tmp_path):
    assert graded_class["completed"].returncode == 0, graded_class["completed"].stderr[-3000:]
    run = ClassRun(graded_class["submissions"], tmp_path / "out", *OPTIONS, "--scheduler", cluster.address)
    assert run.wait() == 0, run.output[-3000:]
    assert "Class of 13 students" in run.output and "13 graded now" in run.output
    same_grades(graded_class["out"], tmp_path / "out")
    # the run is over: each worker closed its fork server, and no sandboxed run is left
    assert eventually(lambda: not any(sandbox_of(w.pid) for w in cluster.workers), 5), \
        [p.cmdline() for w in cluster.workers for p in sandbox_of(w.pid)]


def test_hidden_checks_travel_to_the_workers_as_text(cluster, tmp_path):
    hidden = shutil.copytree(HIDDEN, tmp_path / "hidden")
    settings = Settings(device="cpu", exercises=("ex07_conv2d_loops",), timeout_s=3, memory_mb=2048,
                        hidden_dir=str(hidden))
    student = from_folder("stride_ignored", KIT / "tests" / "submissions" / "ex07_stride_ignored",
                          ["ex07_conv2d_loops"])
    runner = DaskRunner(settings, cluster.address)
    try:
        folders = runner.client.run(lambda name, dask_worker: dask_worker.plugins[name].hidden_dir, runner.name)
        assert len(folders) == 2
        for folder in folders.values():  # each worker's own copy, not the grader's folder
            assert folder and Path(folder) != hidden
            assert (Path(folder) / "check_ex07_conv2d_loops.py").read_text() == \
                   (hidden / "check_ex07_conv2d_loops.py").read_text()
        result = runner.submit(student).result(timeout=120)
    finally:
        runner.shutdown()
    tests = result.exercise("ex07_conv2d_loops").tests
    assert [t for t in tests if t.hidden and t.status == "failed"], [(t.name, t.status) for t in tests]
    assert "handles_odd_sizes" not in json.dumps(result.to_dict())  # hidden names are masked there too
    assert not any(Path(folder).exists() for folder in folders.values())  # removed with the run


def test_a_worker_with_another_kit_is_refused_in_one_line(cluster, monkeypatch, capsys):
    monkeypatch.setattr("grader.classroom.fingerprint.fingerprint", lambda settings: "0" * 32)
    with pytest.raises(RunnerError, match="no worker of the Dask cluster at .* can grade"):
        DaskRunner(Settings(device="cpu"), cluster.address)
    refused = [line for line in capsys.readouterr().err.splitlines() if line.startswith("refused: Dask worker")]
    assert len(refused) == len(live_workers(cluster)), refused
    for line in refused:
        assert "another version of the kit" in line and "the grader's 00000000000000000000000000000000" in line
    assert "refusing to grade" in cluster.log("worker0")
    assert eventually(lambda: not any(sandbox_of(w.pid) for w in cluster.workers), 5)


def test_a_stopped_run_exits_at_once_and_resumes_like_a_local_one(graded_class, cluster, tmp_path):
    subs = subset(graded_class["submissions"], tmp_path / "subs", leave_out={"h_hangs_ignoring_signals"})
    out = tmp_path / "out"
    run = ClassRun(subs, out, *OPTIONS, "--scheduler", cluster.address)
    run.wait_for_results(3)
    sent = time.monotonic()
    run.process.send_signal(signal.SIGINT)
    assert run.wait(timeout=15) == 130, run.output[-3000:]
    assert time.monotonic() - sent < 2.0, f"took {time.monotonic() - sent:.1f} s to stop"
    assert kill_leftovers(run.marker) == []
    assert eventually(lambda: not any(sandbox_of(w.pid) for w in cluster.workers), 10), "runs went on after the stop"
    book = rows(gradebook(out))
    waiting = [r for r in book.values() if r["status"] == "not graded"]
    assert waiting and all(r["score"] == "" for r in waiting)  # never a 0
    kept = stored(out)
    again = ClassRun(subs, out, *OPTIONS, "--scheduler", cluster.address)
    assert again.wait() == 0, again.output[-3000:]
    assert f"{kept} from the store" in again.output
    same_grades(graded_class["out"], out, set(book))


def test_a_worker_killed_mid_run_loses_nothing(graded_class, cluster, tmp_path):
    subs = subset(graded_class["submissions"], tmp_path / "subs", leave_out={"h_hangs_ignoring_signals"})
    victim = cluster.workers[0]
    run = ClassRun(subs, tmp_path / "out", *OPTIONS, "--scheduler", cluster.address)
    assert eventually(lambda: sandbox_of(victim.pid, runs_only=True) or run.process.poll() is not None, 60)
    doomed = [victim.pid] + [p.pid for p in descendants(victim.pid)]  # its worker, fork server, runs
    victim.send_signal(signal.SIGKILL)  # the node is gone, in the middle of a submission
    victim.wait()
    assert run.process.poll() is None, "the run ended before the worker could be killed mid-task"
    assert eventually(lambda: not alive(doomed), 5), "a process of the killed worker outlived it"
    assert run.wait() == 0, run.output[-3000:]
    assert "12 graded now" in run.output
    same_grades(graded_class["out"], tmp_path / "out", {p.name for p in subs.iterdir()})  # as on one machine


def test_a_lost_scheduler_fails_loudly_and_invents_nothing(graded_class, cluster, tmp_path):
    """Last: the cluster has no scheduler after it. The grader gives up reconnecting (after Dask's connect
    timeout: 5 s here, to keep the suite quick), lists whom it could not grade, keeps whom it did, and
    gives nobody a score for work not graded."""
    subs = subset(graded_class["submissions"], tmp_path / "subs", leave_out={"h_hangs_ignoring_signals"})
    out = tmp_path / "out"
    run = ClassRun(subs, out, *OPTIONS, "--scheduler", cluster.address,
                   env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "5s"})
    run.wait_for_results(2)
    cluster.scheduler.kill()
    cluster.scheduler.wait()
    assert run.wait(timeout=60) == 3, run.output[-3000:]
    book, local = rows(gradebook(out)), rows(gradebook(graded_class["out"]))
    lost = [s for s, r in book.items() if r["status"] == "infra_error"]
    assert lost and all(book[s]["score"] == "" for s in lost), book  # never a 0
    assert all(book[s] == local[s] for s in book if s not in lost)  # what was graded is right
    assert len(book) - len(lost) == stored(out)
    assert "not connected to the Dask scheduler" in run.output or "was the scheduler lost?" in run.output
