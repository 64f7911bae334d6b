"""The same class graded by `nbgrader autograde` and by `python -m grader class`, timed in one run.

    .venv/bin/python benchmarks/nbgrader_vs_class.py [--students 20] [--exercises ex01 ex06]

Builds the nbgrader course (python -m grader course --out), releases one assignment per
exercise, writes a class of notebook submissions (correct, wrong and broken answers in turn),
then times each grader on the whole class, wall clock, as an instructor runs it:
nbgrader autograde once per assignment (it grades one notebook after another, each in a
fresh kernel whose check cell starts a grading process), the kit once for the class (it
imports torch once and grades every student's files in parallel sandboxes). Both tools run
with their defaults; the grades are compared too. Jupyter's state stays in the work folder.
Every notebook is its own (a comment with its student's name): the kit's reuse of identical
work, which its result store does, does not count here.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader.catalog import load
from grader.classroom.exports import nbgrader as nbgrader_export
from grader.notebooks import cells, generate
from grader.notebooks.chunks import split
from grader.notebooks.jupyter_env import isolated_env
from grader.paths import SOLUTIONS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--exercises", nargs="+", default=["ex01", "ex06"])
    parser.add_argument("--workdir", help="keep the course and outputs here (default: a temporary folder)")
    args = parser.parse_args()
    exercises = [load().get(e).name for e in args.exercises]
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="nbgrader-vs-class-"))
    course, env = work / "course", isolated_env(work / "jupyter-state")
    shutil.rmtree(course, ignore_errors=True)
    generate.write(generate.expected_course(course))
    for exercise in exercises:
        _run([sys.executable, "-m", "nbgrader", "generate_assignment", exercise], course, env)
        _write_class(course, exercise, args.students)

    started = time.perf_counter()
    for exercise in exercises:
        _run([sys.executable, "-m", "nbgrader", "autograde", exercise], course, env)
    nbgrader_s = time.perf_counter() - started
    _run([sys.executable, "-m", "nbgrader", "export"], course, env)

    out = work / "kit"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    _run([sys.executable, "-m", "grader", "class", str(course / "submitted"), "--out", str(out)], work, env)
    kit_s = time.perf_counter() - started

    notebooks = args.students * len(exercises)
    agree = _agreement(course / "grades.csv", out / nbgrader_export.FILE)
    print(f"class: {args.students} students x {len(exercises)} assignments ({', '.join(exercises)}) "
          f"= {notebooks} notebooks")
    print(f"nbgrader autograde      {nbgrader_s:8.1f} s  ({nbgrader_s / notebooks:.2f} s per notebook)")
    print(f"python -m grader class  {kit_s:8.1f} s  ({kit_s / notebooks:.3f} s per notebook)")
    print(f"ratio                   {nbgrader_s / kit_s:8.1f} x  (goal: at least 50 x)")
    print(f"grades agree            {agree}")
    print(f"work folder             {work}")
    return 0


def _write_class(course: Path, exercise: str, students: int) -> None:
    """Correct, wrong and broken answers in turn; every student submits at the same time."""
    release = json.loads((course / "release" / exercise / f"{exercise}.ipynb").read_text())
    chunks = {c.name: c.source for c in split((SOLUTIONS / f"{exercise}.py").read_text()).chunks}
    first = next(iter(chunks))
    variants = [
        chunks,
        {**chunks, first: chunks[first].replace("return ", "return 0 * ", 1)},  # a wrong value
        {**chunks, first: chunks[first] + "\n)"},  # a SyntaxError
    ]
    for index in range(students):
        nb = copy.deepcopy(release)
        answers = variants[index % len(variants)]
        for cell in nb["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("solution"):
                cell["source"] = f"# student{index:03d}\n" + answers[meta["grade_id"].split("_", 1)[1]]
        folder = course / "submitted" / f"student{index:03d}" / exercise
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{exercise}.ipynb").write_text(cells.dumps(nb))
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")


def _agreement(nbgrader_csv: Path, kit_csv: Path) -> str:
    def scores(path: Path) -> dict:
        with path.open() as file:
            return {(r["assignment"], r["student_id"]): float(r["score"]) for r in csv.DictReader(file)}

    theirs, ours = scores(nbgrader_csv), scores(kit_csv)
    differ = sorted(k for k in theirs if abs(theirs[k] - ours.get(k, -1.0)) > 0.01)
    return "yes, every score" if not differ else f"NO, {len(differ)} differ: {differ[:5]}"


def _run(command: list[str], cwd: Path, env: dict) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


if __name__ == "__main__":
    sys.exit(main())
