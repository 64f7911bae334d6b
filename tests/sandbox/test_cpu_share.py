"""Each run's processes together get one run's share of the CPU: a run that forks busy processes in
sessions of their own (each of which the scheduler would otherwise treat as a user of its own) cannot
starve an honest run graded beside it."""

from __future__ import annotations

import csv
import os

import pytest

from grader.sandbox import cgroup
from tests.classroom.conftest import SOLUTIONS, run_class

HONEST_CPU_S = 1.0  # CPU seconds the honest solution needs: well within its limit, unless starved
HOG_PROCESSES = 60
TIMEOUT_S = "8"

BURN = f"""import time
_end = time.process_time() + {HONEST_CPU_S}
while time.process_time() < _end:
    pass
"""
HOG = f"""import os
for _ in range({HOG_PROCESSES}):
    try:
        if os.fork() == 0:
            os.setsid()
            while True:
                pass
    except OSError:
        break
while True:
    pass
"""


def test_a_run_cgroup_carries_one_runs_cpu_share():
    if os.geteuid() != 0:
        pytest.fail("run cgroups need root, as CI runs the tests")
    group = cgroup.RunCgroup.create("cpu-probe", 256 << 20)
    assert group is not None, cgroup.available()
    try:
        assert group.cpu_path, "no cpu controller reachable for runs"
        files = set(os.listdir(group.cpu_path))
        if "cpu.max" in files:  # v2
            assert open(os.path.join(group.cpu_path, "cpu.max")).read().split() == \
                [str(cgroup.CPU_QUOTA_US), str(cgroup.CPU_PERIOD_US)]
        else:  # v1
            assert int(open(os.path.join(group.cpu_path, "cpu.shares")).read()) == cgroup.CPU_SHARES_V1
            assert int(open(os.path.join(group.cpu_path, "cpu.cfs_quota_us")).read()) == cgroup.CPU_QUOTA_US
    finally:
        group.remove()
    assert not os.path.exists(group.cpu_path) and not os.path.exists(group.path)


def test_an_honest_slow_solution_keeps_its_score_beside_a_cpu_hog(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    (subs / "honest").mkdir(parents=True)
    (subs / "hog").mkdir()
    solution = (SOLUTIONS / "ex03_output_size.py").read_text()
    (subs / "honest" / "ex03_output_size.py").write_text(BURN + solution)
    (subs / "hog" / "ex03_output_size.py").write_text(HOG)
    done = run_class(subs, out, "--jobs", "2", "--exercises", "ex03", "--no-similarity", "--seed", "1",
                     "--timeout", TIMEOUT_S)  # the last --timeout wins over run_class's own
    assert done.returncode == 0, done.stderr
    with open(out / "gradebook.csv", newline="") as f:
        book = {row["student"]: row for row in csv.DictReader(f)}
    assert book["hog"]["status"] == "timeout"
    assert book["honest"]["status"] == "graded", book["honest"]
    assert float(book["honest"]["score"]) == float(book["honest"]["max_score"])
