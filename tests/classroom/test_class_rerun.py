"""A re-run of `grader class` in which nothing changed does nothing (issue 26): no torch, no fork
server, no runner, no report drawn again, not one per-student file rewritten. A re-run after one
student changed a file grades exactly that student and rewrites only their files and the class's."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.classroom.class_runs import KIT, correct_class

STUDENTS = 3
# The modules a run imports only when it grades (torch, the engine, the fork server's handle) or draws
# the report (copydetect for the triage, matplotlib for the figures).
GRADING = ("torch", "grader.engine.engine", "grader.sandbox.zygote", "grader.classroom.runner")
DRAWING = ("copydetect", "matplotlib", "grader.insight.similarity")
# Runs `python -m grader class ...`, then prints which of the modules above it had imported.
PROBE = """
import runpy, sys
sys.argv = ["grader", *sys.argv[1:]]
try:
    runpy.run_module("grader", run_name="__main__")
finally:
    print("loaded:", " ".join(sorted(m for m in {names!r} if m in sys.modules)))
"""


# The same, on a machine where torch could find an accelerator (a GPU's device node, macOS): without
# torch, the device is not certain.
ACCELERATOR_POSSIBLE = "import grader.devices\ngrader.devices.accelerator_possible = lambda: True\n"


def run(subs: Path, out: Path, probe: str = PROBE) -> subprocess.CompletedProcess:
    probe = probe.format(names=GRADING + DRAWING)
    done = subprocess.run([sys.executable, "-c", probe, "class", str(subs), "--out", str(out), "--timeout", "5"],
                          capture_output=True, text=True, cwd=KIT, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done


def loaded(done: subprocess.CompletedProcess) -> set[str]:
    return set(done.stdout.rsplit("loaded:", 1)[1].split())


def files(out: Path) -> dict[str, tuple[int, int]]:
    """Every file the exports and the report wrote (not the store's own): (inode, mtime in ns)."""
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(out.rglob("*"))
            if p.is_file() and not (p.parent == out and p.name.startswith("results."))}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("rerun")
    subs, out = correct_class(root / "subs", STUDENTS), root / "out"
    first = run(subs, out)
    assert f"{STUDENTS} graded now" in first.stdout and set(GRADING) <= loaded(first)
    return subs, out


def test_an_unchanged_rerun_starts_nothing_and_rewrites_nothing(graded):
    subs, out = graded
    before = files(out)
    per_student = {f"students/s00{i}/{name}" for i in range(STUDENTS) for name in ("feedback.md", "results.json")}
    assert per_student <= set(before)
    assert {"report.html", "similarity.csv", "gradebook.csv"} <= set(before)
    again = run(subs, out)
    assert "0 graded now" in again.stdout and f"{STUDENTS} from the store" in again.stdout
    assert loaded(again) == set(), "a re-run that grades nobody and changes nothing imported these"
    assert files(out) == before


def tokenised(out: Path) -> int:
    """The exercise files whose tokens the store keeps for the similarity triage."""
    with sqlite3.connect(out / "results.sqlite") as db:
        return db.execute("SELECT count(*) FROM normalised").fetchone()[0]


def test_a_rerun_after_one_change_regrades_that_student_and_rewrites_only_their_files(graded):
    subs, out = graded
    before, kept = files(out), tokenised(out)
    target = subs / "s001" / "ex03_output_size.py"
    target.write_text(target.read_text().replace("// stride + 1", "// stride"))  # an off-by-one
    loops = subs / "s001" / "ex07_conv2d_loops.py"  # and a comment in an exercise the triage compares
    loops.write_text(loops.read_text() + "\n# checked again\n")
    again = run(subs, out)
    assert kept and tokenised(out) == kept + 1, "the triage tokenised more than the one changed file it compares"
    triage = json.loads(_meta(out, "similarity"))["result"]
    assert {e: n for e, n in triage["changed"].items() if n} == {"ex07_conv2d_loops": 1}
    assert triage["compared"] == STUDENTS - 1, "the triage compared more than the changed student's pairs"
    assert "1 graded now" in again.stdout and f"{STUDENTS - 1} from the store" in again.stdout
    assert set(GRADING) <= loaded(again)
    after = files(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"students/s001/feedback.md", "students/s001/results.json",
                       "gradebook.csv", "report.html", "similarity.csv"}
    assert "ex03" in (out / "students" / "s001" / "feedback.md").read_text()
    os.utime(target)  # touched, not changed: the same submission, and nothing to do again
    steady = run(subs, out)
    assert loaded(steady) == set() and files(out) == after


def _meta(out: Path, key: str) -> str:
    with sqlite3.connect(out / "results.sqlite") as db:
        return db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]


def test_the_fingerprint_names_torch_as_torch_itself_does():
    """The store's key says torch's version without importing torch: the same text torch gives."""
    import torch

    from grader.classroom.fingerprint import torch_version

    assert torch_version() == torch.__version__


def test_where_a_gpu_could_be_an_unchanged_rerun_takes_the_device_torch_named_last_time(graded, tmp_path):
    """The store remembers the device torch chose and on what machine: a re-run that grades nobody
    imports no torch. A remembered device that torch no longer gives is not trusted once someone
    must be graded: torch is asked, and the students graded under its answer are not graded again."""
    subs, out = graded[0], tmp_path / "out"
    probe = ACCELERATOR_POSSIBLE + PROBE
    first = run(subs, out, probe)
    assert f"{STUDENTS} graded now" in first.stdout and set(GRADING) <= loaded(first)
    memo = json.loads(_meta(out, "device"))
    assert memo["device"] == "cpu"
    again = run(subs, out, probe)
    assert "0 graded now" in again.stdout and loaded(again) == set(), "torch was imported to name the device"
    with sqlite3.connect(out / "results.sqlite") as db:  # a memo that no longer holds: the GPU is gone
        db.execute("UPDATE meta SET value = ? WHERE key = 'device'", (json.dumps({**memo, "device": "cuda"}),))
    stale = run(subs, out, probe)
    assert "0 graded now" in stale.stdout and f"{STUDENTS} from the store" in stale.stdout
    assert "torch" in loaded(stale) and json.loads(_meta(out, "device")) == memo


def test_the_remembered_device_holds_only_on_the_same_machine_for_the_same_request(monkeypatch):
    from grader import devices

    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    memo = devices.remember(None, True, "cuda")
    monkeypatch.setattr(devices, "sys", type("NoTorch", (), {"modules": {}, "platform": devices.sys.platform}))
    assert devices.remembered(None, True, memo) == "cuda"
    assert devices.remembered("cuda:1", True, memo) is None and devices.remembered(None, False, memo) is None
    assert devices.remembered(None, True, {"machine": memo["machine"], "device": 3}) is None
    assert devices.remembered(None, True, None) is None and devices.remembered(None, True, ["cuda"]) is None
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")  # every GPU hidden: torch's answer may differ
    assert devices.remembered(None, True, memo) is None
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES")
    nodes = devices.ACCELERATOR_NODES
    monkeypatch.setattr(devices, "ACCELERATOR_NODES", nodes + ("/dev/null",))  # a device node came or went
    assert devices.remembered(None, True, memo) is None
    monkeypatch.setattr(devices, "ACCELERATOR_NODES", nodes)
    assert devices.remembered(None, True, memo) == "cuda"
    monkeypatch.setattr(devices.sys, "modules", {"torch": object()})  # torch loaded: it is asked instead
    assert devices.remembered(None, True, memo) is None


def test_the_device_is_named_without_torch_only_where_the_answer_is_certain(monkeypatch):
    """No accelerator's device node on Linux: cpu, as torch would say; anywhere else torch is asked."""
    from types import SimpleNamespace

    from grader import devices

    asked = []
    system = SimpleNamespace(platform="linux", modules={})  # a fresh `grader class`: torch not loaded
    monkeypatch.setattr(devices, "sys", system)
    monkeypatch.setattr(devices, "resolve", lambda requested, check=True: asked.append(requested) or "cuda")
    monkeypatch.setattr(devices.glob, "glob", lambda pattern: [])
    assert devices.resolve_name(None) == "cpu" and devices.resolve_name("cpu") == "cpu" and asked == []
    assert devices.resolve_name("cuda") == "cuda" and asked == ["cuda"]
    monkeypatch.setattr(devices.glob, "glob", lambda pattern: ["/dev/nvidia0"] if "nvidia" in pattern else [])
    assert devices.resolve_name(None) == "cuda" and asked == ["cuda", None]
    monkeypatch.setattr(devices.glob, "glob", lambda pattern: [])
    system.platform = "darwin"  # MPS cannot be ruled out without torch
    assert devices.resolve_name(None) == "cuda" and asked == ["cuda", None, None]
    system.platform, system.modules = "linux", {"torch": object()}  # torch loaded: it is asked, as before
    assert devices.resolve_name(None) == "cuda" and asked == ["cuda", None, None, None]


def test_a_student_whose_record_is_unchanged_is_not_drawn_again(graded, tmp_path, monkeypatch):
    """The store's hash per student: only a changed record (or a missing file) is rendered again."""
    from grader.classroom import exports, records
    from grader.classroom.store import Store

    store = Store(graded[1], lock=False)
    try:
        found = records.records(store, store.meta("fingerprint"), store.meta("exercises"))
        exercises = store.meta("exercises")
    finally:
        store.close()
    exported: dict[str, str] = {}
    exports.write_all(tmp_path, found, exercises, None, exported)
    assert set(exported) == {r["student"] for r in found}
    drawn = []
    monkeypatch.setattr(exports.feedback, "render", lambda record: drawn.append(record["student"]) or "new\n")
    exports.write_all(tmp_path, found, exercises, None, exported)
    assert drawn == []
    found[0]["score"] -= 1  # an adjustment, say
    (tmp_path / "students" / found[2]["student"] / "feedback.md").unlink()
    exports.write_all(tmp_path, found, exercises, None, exported)
    assert drawn == [found[0]["student"], found[2]["student"]]
