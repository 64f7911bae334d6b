"""Mutation testing of the grader: every behaviour-changing mutant of a reference solution must lose points.

Mutants are made by cosmic-ray's operators (a well-kept mutation-testing library: operators swapped,
comparisons flipped, numbers moved by one, `not` added, loops emptied, True/False swapped), one per
(operator, occurrence) of each solutions/ file. They are then graded the kit's own way: every mutant is one
student of a single `python -m grader class` run, so torch is imported once and each mutant costs only its
checks (cosmic-ray's own runner would start a test command per mutant: seconds each, an hour for the set).

A mutant is killed when its exercise scores below full marks (or times out, or errors). A survivor must be
listed, with the reason it is equivalent (it changes nothing on inputs the exercise allows), in
benchmarks/equivalent_mutants.toml; tests/test_mutants.py fails on any other survivor, and on a record that
is older than the solutions or the checks. Run by `make mutants`; prints the figures and writes
benchmarks/mutants_result.json.

    python benchmarks/mutants.py [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import cosmic_ray.plugins as plugins
from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.mutating import mutate_code

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
RESULT = REPO / "benchmarks" / "mutants_result.json"
EQUIVALENT = REPO / "benchmarks" / "equivalent_mutants.toml"
FINGERPRINTED = ["solutions", "grader/checks", "grader/catalog.toml"]  # what decides whether a mutant is killed


def fingerprint() -> str:
    """A hash of the solutions and the checks: a recorded result holds only for these."""
    digest = hashlib.sha256()
    for root in FINGERPRINTED:
        path = REPO / root
        for file in sorted([path] if path.is_file() else path.rglob("*")):
            if file.is_file() and file.suffix in (".py", ".toml", ".ini") and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(REPO)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def changed_line(before: str, after: str) -> tuple[int, str, str]:
    """(line number, original line, mutated line) of a one-line mutant: how a person reads it."""
    old, new = before.splitlines(), after.splitlines()
    for i, (a, b) in enumerate(zip(old, new)):
        if a != b:
            return i + 1, a.strip(), b.strip()
    return len(old), "", ""


def make_mutants(pattern: str = "ex*.py") -> list[dict]:
    """Every distinct mutant cosmic-ray's argument-free operators make of each solution file (those matching
    pattern); ids number them in that order, so they are stable only for the whole set."""
    mutants, seen = [], set()
    for path in sorted(SOLUTIONS.glob(pattern)):
        source = path.read_text()
        nodes = list(ast_nodes(get_ast(source)))
        for name in plugins.operator_names():
            operator_class = plugins.get_operator(name)
            if operator_class.arguments():
                continue
            operator = operator_class()
            count = sum(len(list(operator.mutation_positions(node))) for node in nodes)
            for occurrence in range(count):
                code = mutate_code(source, operator, occurrence)
                if code is None or code == source or (path.name, code) in seen:
                    continue
                seen.add((path.name, code))
                line, old, new = changed_line(source, code)
                mutants.append({"id": f"m{len(mutants):04d}", "file": path.name, "exercise": path.stem,
                                "operator": name, "occurrence": occurrence, "line": line, "before": old,
                                "after": new, "code": code})
    return mutants


def grade(mutants: list[dict], folder: Path, jobs: int) -> dict[str, dict]:
    """Grade every mutant as one student of one class; {id: {score, max_score, status}} of its exercise."""
    students = folder / "class"
    for mutant in mutants:
        (students / mutant["id"]).mkdir(parents=True)
        (students / mutant["id"] / mutant["file"]).write_text(mutant["code"])
    out = folder / "out"
    command = [sys.executable, "-m", "grader", "class", str(students), "--out", str(out), "--jobs", str(jobs),
               "--timeout", "10", "--no-similarity", "--force"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode not in (0,):
        raise SystemExit(f"grading the mutants failed (exit {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    graded = {}
    with (out / "gradebook.csv").open() as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    for mutant in mutants:
        results = json.loads((out / "students" / mutant["id"] / "results.json").read_text())
        tests = [t for t in results["tests"] if t["name"].startswith(mutant["exercise"] + ":")]
        score = sum(float(t["score"]) for t in tests)
        max_score = sum(float(t["max_score"]) for t in tests)
        status = rows[mutant["id"]]["status"]
        # A kill must be the checks' verdict: a grader failure, or an exercise not graded, kills nothing.
        if status in ("infra_error", "not graded") or max_score <= 0:
            raise SystemExit(f"mutant {mutant['id']} ({mutant['file']}:{mutant['line']}) was not graded: status "
                             f"{status}, {len(tests)} checks of {mutant['exercise']}")
        graded[mutant["id"]] = {"score": score, "max_score": max_score, "status": status}
    return graded


def equivalent_mutants() -> list[dict]:
    with EQUIVALENT.open("rb") as f:
        return tomllib.load(f).get("mutant", [])


def is_listed(mutant: dict, listed: list[dict]) -> bool:
    return any(e["file"] == mutant["file"] and e["before"] == mutant["before"] and e["after"] == mutant["after"]
               for e in listed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, help="grade in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    started = time.monotonic()
    mutants = make_mutants()
    made = time.monotonic()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mutants-", dir=REPO / "build" if (REPO / "build").is_dir() else None))
    try:
        graded = grade(mutants, folder, args.jobs)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    seconds = time.monotonic() - started
    listed = equivalent_mutants()
    survivors = [m for m in mutants if graded[m["id"]]["score"] >= graded[m["id"]]["max_score"] > 0]
    unexplained = [m for m in survivors if not is_listed(m, listed)]
    keys = ("id", "file", "operator", "occurrence", "line", "before", "after")
    result = {
        "fingerprint": fingerprint(),
        "made": len(mutants),
        "killed": len(mutants) - len(survivors),
        "survived": len(survivors),
        "equivalent": len(survivors) - len(unexplained),
        "unexplained": len(unexplained),
        "seconds_to_make": round(made - started, 1),
        "seconds_in_all": round(seconds, 1),
        "jobs": args.jobs,
        "load_average": os.getloadavg()[0],
        # a student's status: "error" is every mutant's (nine of its ten exercises are missing), "timeout" a loop
        "statuses": {status: sum(g["status"] == status for g in graded.values())
                     for status in sorted({g["status"] for g in graded.values()})},
        "survivors": [{k: m[k] for k in keys} for m in survivors],
    }
    RESULT.write_text(json.dumps(result, indent=1) + "\n")
    print(f"mutants made {result['made']} (cosmic-ray {len(plugins.operator_names())} operators), killed "
          f"{result['killed']}, survived {result['survived']}: equivalent {result['equivalent']} (listed in "
          f"{EQUIVALENT.relative_to(REPO)}), unexplained {result['unexplained']}")
    print(f"time: {seconds:.1f} s in all ({made - started:.1f} s making them), "
          f"{seconds / max(1, len(mutants)) * 1000:.0f} ms per mutant, --jobs {args.jobs}, load {result['load_average']:.2f}")
    for m in unexplained:
        print(f"  SURVIVOR {m['file']}:{m['line']} {m['operator']}: {m['before']!r} -> {m['after']!r}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
