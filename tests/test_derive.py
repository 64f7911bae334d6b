"""The stubs are derived from solutions/ and in sync; derive and reset never lose a learner's work.

The kit's own truths come from solutions/ and from grader/derived.json (what derive last
wrote), never from the working files in exercises/, which belong to the learner: these
tests pass whatever a learner has put there.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from grader import derive, derived_files
from grader.catalog import load
from grader.paths import SOLUTIONS

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


def stub_of(name: str) -> str:
    return derive.stub_source((SOLUTIONS / f"{name}.py").read_text(), name)


def test_the_stubs_derive_wrote_are_those_the_solutions_derive_today():
    """grader/derived.json holds what derive last wrote: it must match today's solutions."""
    stale = derived_files.out_of_date(derive.expected_stubs())
    assert stale == [], f"run `make derive` after editing solutions/: out of date {stale}"


def test_derive_check_command_agrees(grader_cli):
    done = grader_cli("derive", "--check")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def kit(tmp_path, monkeypatch):
    """A copy of the kit's solutions with its own exercises/, record and backups: derive runs there."""
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    shutil.copytree(SOLUTIONS, solutions)
    monkeypatch.setattr(derive, "SOLUTIONS", solutions)
    monkeypatch.setattr(derive, "EXERCISES", exercises)
    monkeypatch.setattr(derived_files, "KIT_ROOT", tmp_path)
    monkeypatch.setattr(derived_files, "RECORD", tmp_path / "derived.json")
    monkeypatch.setattr(derived_files, "BACKUPS", tmp_path / "backups")
    assert derived_files.write(derive.expected_stubs()).written  # a fresh checkout: every stub written
    return tmp_path


def test_a_changed_solution_is_reported_out_of_date(kit):
    assert derived_files.out_of_date(derive.expected_stubs()) == []
    target = kit / "solutions" / "ex05_count_macs.py"
    target.write_text(target.read_text().replace("Count one MAC per weight", "Count one MAC for each weight"))
    assert derived_files.out_of_date(derive.expected_stubs()) == [kit / "exercises" / "ex05_count_macs.py"]


def test_derive_rewrites_the_stubs_it_wrote_itself(kit):
    target = kit / "solutions" / "ex05_count_macs.py"
    target.write_text(target.read_text().replace("Count one MAC per weight", "Count one MAC for each weight"))
    done = derived_files.write(derive.expected_stubs())
    assert done.written == [kit / "exercises" / "ex05_count_macs.py"] and not done.kept
    assert "Count one MAC for each weight" in (kit / "exercises" / "ex05_count_macs.py").read_text()


@pytest.mark.parametrize("edit", ["solved", "half-solved", "syntax error"])
def test_derive_never_overwrites_a_learners_change(kit, edit, capsys):
    learner = {
        "solved": (SOLUTIONS / "ex07_conv2d_loops.py").read_text(),
        "half-solved": stub_of("ex07_conv2d_loops").replace("raise NotImplementedError", "n = x.shape[0]\n    raise NotImplementedError", 1),
        "syntax error": "def conv2d_loops(:\n",
    }[edit]
    work = kit / "exercises" / "ex07_conv2d_loops.py"
    work.write_text(learner)
    target = kit / "solutions" / "ex07_conv2d_loops.py"  # and the instructor changes the solution meanwhile
    target.write_text(target.read_text().replace("the runnable spec", "the spec you can run"))
    done = derived_files.write(derive.expected_stubs())
    assert done.kept == [work] and work.read_text() == learner
    assert derived_files.report(done, "derive") == 1
    assert "python -m grader derive --force" in capsys.readouterr().out


def test_derive_force_saves_the_learners_file_first(kit, capsys):
    work = kit / "exercises" / "ex03_output_size.py"
    work.write_text("# my own attempt\n")
    done = derived_files.write(derive.expected_stubs(), force=True)
    assert work.read_text() == stub_of("ex03_output_size")
    saved = done.backup / "exercises" / "ex03_output_size.py"
    assert saved.read_text() == "# my own attempt\n"
    derived_files.report(done, "derive")
    assert str(done.backup) in capsys.readouterr().out


def test_reset_restores_the_stub_and_saves_the_learners_file(grader_cli, tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "ex04_count_parameters.py").write_text("def conv2d_parameter_count(*a):\n    return 3\n")
    done = grader_cli("reset", "ex04", "--workspace", str(workspace))
    assert done.returncode == 0, done.stderr
    assert (workspace / "ex04_count_parameters.py").read_text() == stub_of("ex04_count_parameters")
    saved = Path(next(line.split(" to ", 1)[1] for line in done.stdout.splitlines() if line.startswith("Saved your")))
    assert saved.read_text() == "def conv2d_parameter_count(*a):\n    return 3\n"


@pytest.mark.parametrize("name", NAMES)
def test_each_solution_has_a_region(name):
    assert derive.solution_regions((SOLUTIONS / f"{name}.py").read_text()) >= 1


@pytest.mark.parametrize("name", NAMES)
def test_each_stub_raises_and_holds_no_solution_code(name):
    solution = (SOLUTIONS / f"{name}.py").read_text()
    stub = stub_of(name)
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
    line = "    macs_per_output = in_channels * kernel_size * kernel_size\n"
    leaky = stub_of("ex05_count_macs").replace("    raise NotImplementedError", line + "    raise NotImplementedError")
    assert leaked_lines(solution, leaky) == [line.strip()]


def test_no_test_or_build_reads_the_learners_exercises_folder():
    """exercises/ is the learner's: the kit's code and tests may name it only where they write it for
    the learner (derive, reset) or grade it because the learner asked (the default workspace)."""
    kit = SOLUTIONS.parent
    allowed = {"grader/paths.py", "grader/derive.py", "grader/cli.py", "tests/test_derive.py"}
    naming = re.compile(r"\bEXERCISES\b|\b(ROOT|KIT|KIT_ROOT|REPO_ROOT)\s*/\s*[\"']exercises[\"']")
    offenders = []
    for folder in ("grader", "tests", "site_tools", "benchmarks"):
        for path in (kit / folder).rglob("*.py"):
            rel = path.relative_to(kit).as_posix()
            if rel not in allowed and naming.search(path.read_text()):
                offenders.append(rel)
    assert offenders == [], f"these read exercises/ as the kit's own data: {offenders}"
