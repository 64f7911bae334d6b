"""The stubs in exercises/ are derived from solutions/ and in sync; the sync check can fail."""

from __future__ import annotations

import ast
import shutil

import pytest

from grader import derive
from grader.catalog import load
from grader.paths import EXERCISES, SOLUTIONS

NAMES = [e.name for e in load().exercises]


def region_lines(solution: str) -> set[str]:
    """Code lines inside the solution regions that appear nowhere outside them."""
    inside, outside, within = set(), set(), False
    for line in solution.splitlines():
        stripped = line.strip()
        if stripped == derive.BEGIN:
            within = True
        elif stripped == derive.END:
            within = False
        elif stripped and not stripped.startswith("#"):
            (inside if within else outside).add(stripped)
    return inside - outside


def leaked_lines(solution: str, stub: str) -> list[str]:
    stub_lines = {line.strip() for line in stub.splitlines()}
    return sorted(line for line in region_lines(solution) if line in stub_lines)


def test_stubs_are_in_sync_with_the_solutions():
    assert derive.stale_stubs() == [], "run `python -m grader derive` (or `make derive`) after editing solutions/"


def test_derive_check_command_agrees(grader_cli):
    done = grader_cli("derive", "--check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_changed_solution_derives_a_different_stub():
    name = "ex03_output_size"
    solution = (SOLUTIONS / f"{name}.py").read_text()
    changed = solution.replace("Return the output length", "Return the output size", 1)
    assert changed != solution
    assert derive.stub_source(changed, name) != (EXERCISES / f"{name}.py").read_text()


def test_a_stale_stub_is_detected(tmp_path, monkeypatch):
    """In a copy of the kit's folders: edit one solution, and exactly its stub is reported stale."""
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    shutil.copytree(SOLUTIONS, solutions)
    shutil.copytree(EXERCISES, exercises)
    monkeypatch.setattr(derive, "SOLUTIONS", solutions)
    monkeypatch.setattr(derive, "EXERCISES", exercises)
    assert derive.stale_stubs() == []
    target = solutions / "ex05_count_macs.py"
    target.write_text(target.read_text().replace("Count one MAC per weight", "Count one MAC for each weight"))
    assert derive.stale_stubs() == [exercises / "ex05_count_macs.py"]
    (exercises / "ex07_conv2d_loops.py").unlink()
    assert derive.stale_stubs() == [exercises / "ex05_count_macs.py", exercises / "ex07_conv2d_loops.py"]


@pytest.mark.parametrize("name", NAMES)
def test_each_solution_has_a_region(name):
    assert derive.solution_regions((SOLUTIONS / f"{name}.py").read_text()) >= 1


@pytest.mark.parametrize("name", NAMES)
def test_each_stub_raises_and_holds_no_solution_code(name):
    solution = (SOLUTIONS / f"{name}.py").read_text()
    stub = (EXERCISES / f"{name}.py").read_text()
    assert derive.BEGIN not in stub and derive.END not in stub
    leaked = leaked_lines(solution, stub)
    assert not leaked, f"{name}: solution code in the stub: {leaked}"
    raises = [node for node in ast.walk(ast.parse(stub)) if isinstance(node, ast.Raise)
              and isinstance(node.exc, ast.Call) and getattr(node.exc.func, "id", "") == "NotImplementedError"]
    assert len(raises) == derive.solution_regions(solution), f"{name}: one NotImplementedError per solution region"
    passes = [node for node in ast.walk(ast.parse(stub)) if isinstance(node, ast.Pass)]
    assert not passes, f"{name}: a stub fails loudly, never with `pass`"


def test_the_leak_check_can_fail():
    """A stub that still holds one line of its solution's region is caught."""
    solution = (SOLUTIONS / "ex05_count_macs.py").read_text()
    stub = (EXERCISES / "ex05_count_macs.py").read_text()
    line = "    macs_per_output = in_channels * kernel_size * kernel_size\n"
    leaky = stub.replace("    raise NotImplementedError", line + "    raise NotImplementedError")
    assert leaked_lines(solution, leaky) == [line.strip()]
