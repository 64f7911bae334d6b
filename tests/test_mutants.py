"""Mutation testing stays part of the kit: the recorded run is current, and every survivor is explained.

`make mutants` (benchmarks/mutants.py) grades every mutant cosmic-ray makes of solutions/ in one class run
(minutes) and records the result in benchmarks/mutants_result.json. These tests do not rerun it: they fail
when the record is older than the solutions or the checks, when it holds a survivor that
benchmarks/equivalent_mutants.toml does not explain, or when that file lists a mutant without a reason or one
no longer made; and they grade a few mutants the grader once let through, the real `grader class` way, so a
check that loses its edge fails here even while the record looks fresh.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load_mutants_module():
    spec = importlib.util.spec_from_file_location("mutants", REPO / "benchmarks" / "mutants.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mutants = _load_mutants_module()

# Mutants that survived the grader before its checks were sharpened, one per kind of fix:
# (file, line as written, line as mutated).
ONCE_SURVIVORS = {
    "ReLU's gradient at exactly 0 (a zero patch and a zero bias)": (
        "ex09_conv_relu_from_scratch.py", "return torch.where(out > 0, out, torch.zeros_like(out))",
        "return torch.where(out >= 0, out, torch.zeros_like(out))"),
    "a call on the signature's defaults": ("ex07_conv2d_loops.py", "padding: int = 0,", "padding: int = 1,"),
    "padding 0 in ex09 (2 ** p equals 2 * p for p = 1 and 2)": (
        "ex09_conv_relu_from_scratch.py", "h_out = (h + 2 * p - k) // s + 1", "h_out = (h + 2 ** p - k) // s + 1"),
    "initial values over both ends of the bound": (
        "ex09_conv_relu_from_scratch.py", "self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-bound, bound))",
        "self.bias = nn.Parameter(torch.empty(out_channels).uniform_(not bound, bound))"),
}


@pytest.fixture(scope="module")
def record() -> dict:
    return json.loads(mutants.RESULT.read_text())


@pytest.fixture(scope="module")
def made() -> list[dict]:
    """Every mutant `make mutants` grades (seconds: cosmic-ray's operators on ten small files)."""
    return mutants.make_mutants()


def test_the_record_is_of_the_current_solutions_and_checks(record):
    assert record["fingerprint"] == mutants.fingerprint(), (
        "benchmarks/mutants_result.json was made for other solutions or checks: rerun `make mutants` "
        "(a few minutes) and commit the new record")


def test_every_survivor_is_listed_as_equivalent(record):
    listed = mutants.equivalent_mutants()
    new = [f"{m['file']}:{m['line']} {m['operator']}: {m['before']!r} -> {m['after']!r}"
           for m in record["survivors"] if not mutants.is_listed(m, listed)]
    assert not new, ("these mutants change the solution yet score full marks: sharpen a check so they lose "
                     "points, or, if they change nothing on the inputs the exercise allows, list them with the "
                     "reason in benchmarks/equivalent_mutants.toml:\n" + "\n".join(new))
    assert record["unexplained"] == 0 and record["killed"] + record["survived"] == record["made"]


def test_every_listed_mutant_has_a_reason_is_still_made_and_still_survives(record, made):
    survivors = record["survivors"]
    wrong = []
    for entry in mutants.equivalent_mutants():
        where = f"{entry.get('file')}: {entry.get('before')!r} -> {entry.get('after')!r}"
        if not str(entry.get("reason", "")).strip():
            wrong.append(f"{where}: no reason given")
        elif not any(mutants.is_listed(m, [entry]) for m in made):
            wrong.append(f"{where}: no such mutant is made any more (the solution changed): remove the entry")
        elif not any(mutants.is_listed(m, [entry]) for m in survivors):
            wrong.append(f"{where}: the grader kills this mutant, so it is not equivalent: remove the entry")
    assert not wrong, "benchmarks/equivalent_mutants.toml:\n" + "\n".join(wrong)


def test_mutants_that_once_survived_lose_points_when_graded_as_a_class(made, tmp_path):
    """Through `python -m grader class`, as `make mutants` grades them: a few seconds for these few."""
    picked = {}
    for why, (file, before, after) in ONCE_SURVIVORS.items():
        found = [m for m in made if (m["file"], m["before"], m["after"]) == (file, before, after)]
        assert found, f"cosmic-ray no longer makes the mutant for {why}: {file}: {before!r} -> {after!r}"
        picked[why] = found[0]
    graded = mutants.grade(list(picked.values()), tmp_path, jobs=2)
    kept = [f"{why}: {m['after']!r} scored {graded[m['id']]['score']} of {graded[m['id']]['max_score']}"
            for why, m in picked.items() if not graded[m["id"]]["score"] < graded[m["id"]]["max_score"]]
    assert not kept, "these mutants score full marks again:\n" + "\n".join(kept)
