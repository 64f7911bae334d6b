"""Class grading loses nothing and invents nothing (issue 10): interrupts, kills, re-runs, a
changed student, a changed grader, a corrupt or locked store, and the grader's own failures.

Real signals sent to a real `python -m grader class` mid-run; every process a run starts
carries a marker in its environment, and none may be left when the run has ended.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.classroom.class_runs import KIT, ClassRun, correct_class, gradebook, stored

STUDENTS = 24
FULL = 110


@pytest.fixture(scope="module")
def need_root():
    if os.geteuid() != 0:
        pytest.fail("these tests mount file systems and check every process: run them as root, as CI does")


@pytest.fixture(scope="module")
def subs(tmp_path_factory) -> Path:
    return correct_class(tmp_path_factory.mktemp("store") / "subs", STUDENTS)


@pytest.fixture(scope="module")
def reference(subs, tmp_path_factory) -> str:
    """The gradebook of an uninterrupted run."""
    out = tmp_path_factory.mktemp("reference") / "out"
    run = ClassRun(subs, out)
    assert run.wait() == 0, run.output[-3000:]
    return gradebook(out)


def rows(text: str) -> dict[str, dict]:
    return {row["student"]: row for row in csv.DictReader(io.StringIO(text))}


def settle(run: ClassRun, seconds: float = 2.0) -> list[int]:
    end = time.monotonic() + seconds
    while run.processes() and time.monotonic() < end:
        time.sleep(0.05)
    return run.processes()


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_run_keeps_what_is_graded_and_invents_nothing(need_root, subs, reference, tmp_path,
                                                                         signum, code):
    out = tmp_path / "out"
    run = ClassRun(subs, out)
    run.wait_for_results(3)
    sent = time.monotonic()
    run.process.send_signal(signum)
    assert run.wait(timeout=15) == code, run.output[-3000:]
    assert time.monotonic() - sent < 2.0, f"took {time.monotonic() - sent:.1f} s to stop"
    assert settle(run, 1.0) == [], "a process of the run outlived it"
    assert "run the same command again" in run.output
    book = rows(gradebook(out))
    assert len(book) == STUDENTS
    graded = [r for r in book.values() if r["status"] == "graded"]
    waiting = [r for r in book.values() if r["status"] == "not graded"]
    assert len(graded) == stored(out) and len(graded) + len(waiting) == STUDENTS and waiting
    assert all(float(r["score"]) == FULL for r in graded)
    assert all(r["score"] == "" and r["ex01_conv_relu_layer"] == "" for r in waiting)  # never a 0
    again = ClassRun(subs, out)
    assert again.wait() == 0, again.output[-3000:]
    assert gradebook(out) == reference
    assert f"{len(graded)} from the store" in again.output


def test_a_run_killed_with_sigkill_leaves_nothing_running_and_the_next_run_finishes(need_root, subs, reference,
                                                                                   tmp_path):
    out = tmp_path / "out"
    run = ClassRun(subs, out)
    run.wait_for_results(2)
    run.process.kill()
    run.wait()
    assert settle(run, 3.0) == [], "the fork server or a sandbox outlived a grader killed with SIGKILL"
    kept = stored(out)
    again = ClassRun(subs, out)
    assert again.wait() == 0, again.output[-3000:]
    assert gradebook(out) == reference
    assert f"{STUDENTS - kept} graded now" in again.output
    leftovers = [p for p in Path("/tmp").glob("cnn-grade-*") if not p.name.endswith(".lock")]
    assert all(p.stat().st_mtime > time.time() - 120 for p in leftovers)  # only folders of runs alive now


@pytest.fixture
def graded_out(subs, reference, tmp_path) -> Path:
    """An OUT whose store holds the whole class."""
    out = tmp_path / "out"
    run = ClassRun(subs, out)
    assert run.wait() == 0, run.output[-3000:]
    return out


def test_only_the_student_who_changed_a_file_is_graded_again(need_root, subs, tmp_path, graded_out):
    changed = tmp_path / "subs"
    shutil.copytree(subs, changed)
    target = changed / "s005" / "ex03_output_size.py"
    target.write_text(target.read_text().replace("// stride + 1", "// stride"))  # an off-by-one
    run = ClassRun(changed, graded_out)
    assert run.wait() == 0, run.output[-3000:]
    assert f"1 graded now" in run.output and f"{STUDENTS - 1} from the store" in run.output
    book = rows(gradebook(graded_out))
    assert float(book["s005"]["score"]) < FULL and float(book["s004"]["score"]) == FULL


def test_a_changed_grader_grades_everyone_again_and_force_too(need_root, subs, graded_out):
    hidden = ClassRun(subs, graded_out, "--hidden", str(KIT / "grader" / "hidden_example"))
    assert hidden.wait() == 0, hidden.output[-3000:]
    assert f"{STUDENTS} graded now" in hidden.output and "0 from the store" in hidden.output
    forced = ClassRun(subs, graded_out, "--force")
    assert forced.wait() == 0 and f"{STUDENTS} graded now" in forced.output


def test_the_fingerprint_follows_every_check_module(tmp_path, monkeypatch):
    from grader.classroom import fingerprint
    from grader.engine.engine import Settings

    for folder in (*fingerprint.DECIDING, "grader"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for folder in fingerprint.DECIDING:
        for path in (KIT / folder).glob("*.py"):
            shutil.copy(path, tmp_path / folder)
    for name in fingerprint.FILES:
        shutil.copy(KIT / name, tmp_path / name)
    monkeypatch.setattr(fingerprint, "KIT_ROOT", tmp_path)
    settings = Settings().resolved()
    before = fingerprint.fingerprint(settings)
    check = tmp_path / "grader" / "checks" / "check_ex05_count_macs.py"
    check.write_text(check.read_text() + "\n# an edited check\n")
    assert fingerprint.fingerprint(settings) != before


def test_a_corrupt_store_is_set_aside_and_everyone_graded_again(need_root, subs, graded_out):
    (graded_out / "results.sqlite").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(graded_out / "results.sqlite") + suffix).unlink(missing_ok=True)
    run = ClassRun(subs, graded_out)
    assert run.wait() == 0, run.output[-3000:]
    aside = list(graded_out.glob("results.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    assert "is kept as" in run.output and f"{STUDENTS} graded now" in run.output


def test_a_store_locked_by_another_run_is_refused_in_one_line(need_root, subs, graded_out):
    before = gradebook(graded_out)
    with open(graded_out / "results.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = ClassRun(subs, graded_out)
        assert run.wait() == 2
    assert "is being graded by another run" in run.output
    assert gradebook(graded_out) == before


def zygotes(run: ClassRun) -> list[int]:
    return [p for p in run.processes() if b"grader.sandbox.zygote" in Path(f"/proc/{p}/cmdline").read_bytes()]


def test_killing_the_fork_server_from_outside_costs_no_student_anything(need_root, subs, reference, tmp_path):
    out = tmp_path / "out"
    run = ClassRun(subs, out, "--jobs", "2")
    run.wait_for_results(2)
    for pid in zygotes(run):
        os.kill(pid, signal.SIGKILL)
    assert run.wait() == 0, run.output[-3000:]
    assert gradebook(out) == reference  # every student graded, none at 0


def fill(folder: Path) -> Path:
    """Use up every free byte of folder's file system: a full disk."""
    filler = folder / "filler"
    with open(filler, "wb") as file:
        try:
            while True:
                file.write(b"\0" * (1 << 20))
                file.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_stops_the_run_with_a_line_and_no_invented_score(need_root, subs, reference, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(out)], check=True)
    try:
        run = ClassRun(subs, out, "--jobs", "2")
        run.wait_for_results(2)
        filler = fill(out)
        assert run.wait() == 3, run.output[-3000:]
        assert "the result store could not be written" in run.output and "run the same command again" in run.output
        assert settle(run, 2.0) == []
        assert not (out / "gradebook.csv").exists() or all(
            r["score"] == "" or float(r["score"]) == FULL for r in rows(gradebook(out)).values())
        filler.unlink()
        again = ClassRun(subs, out)
        assert again.wait() == 0, again.output[-3000:]
        assert gradebook(out) == reference
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)
