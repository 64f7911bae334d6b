"""A class of honest and hostile students, graded once by `python -m grader class`."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.classroom.hostile import HOSTILE
from tests.conftest import derived_stubs

KIT = Path(__file__).resolve().parents[2]
SOLUTIONS = KIT / "solutions"


def kit_fingerprint() -> dict[str, str]:
    """A hash of every file the grader trusts: a tampering submission would change one."""
    files = [p for d in ("solutions", "grader") for p in (KIT / d).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts]
    return {str(p.relative_to(KIT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def build_class(root: Path, out: Path) -> dict[str, str]:
    """Write the class; return {student: kind} with kind honest or hostile."""
    kinds = {}
    alice = root / "alice"  # every solution: full marks
    shutil.copytree(SOLUTIONS, alice, ignore=shutil.ignore_patterns("__pycache__"))
    kinds["alice"] = "honest"
    derived_stubs(root / "bob")  # the stubs: 0
    kinds["bob"] = "honest"
    carol = root / "carol"  # solutions with one mistake: a flipped kernel in exercise 7
    shutil.copytree(SOLUTIONS, carol, ignore=shutil.ignore_patterns("__pycache__"))
    loops = carol / "ex07_conv2d_loops.py"
    loops.write_text(loops.read_text().replace('torch.einsum("nchw,ochw->no", window, weight)',
                                               'torch.einsum("nchw,ochw->no", window, weight.flip(-1, -2))'))
    kinds["carol"] = "honest"
    for student, files in HOSTILE.items():
        for name, template in files.items():
            path = root / student / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(template.format(out=out, kit=KIT, victim=alice))
        kinds[student] = "hostile"
    return kinds


def run_class(submissions: Path, out: Path, *extra: str, marker: str = "") -> subprocess.CompletedProcess:
    """marker: CNN_TEST_RUN's value, which every process of the run (sandboxes too) carries in its environment."""
    env = {**os.environ, "CNN_TEST_RUN": marker} if marker else None
    return subprocess.run(
        [sys.executable, "-m", "grader", "class", str(submissions), "--out", str(out),
         "--timeout", "3", "--memory", "2048", *extra],
        capture_output=True, text=True, cwd=KIT, timeout=600, env=env,
    )


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    submissions, out = root / "submissions", root / "out"
    submissions.mkdir()
    kinds = build_class(submissions, out)
    before = kit_fingerprint()
    marker = f"hostile-{uuid.uuid4().hex}"
    completed = run_class(submissions, out, "--jobs", "2", marker=marker)
    return {"kinds": kinds, "submissions": submissions, "out": out, "root": root,
            "completed": completed, "kit_before": before, "marker": f"CNN_TEST_RUN={marker}"}
