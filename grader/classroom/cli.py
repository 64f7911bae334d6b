"""`python -m grader class SUBMISSIONS --out OUT`: grade a whole class (contract in shared/DESIGN.md)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from grader.classroom import collect, feedback, gradebook, gradescope
from grader.classroom.progress import Progress


def add_parsers(sub) -> dict:
    parser = sub.add_parser("class", help="grade every student folder of SUBMISSIONS (instructors)")
    parser.add_argument("submissions", type=Path, help="folder with one subfolder per student, each laid out like exercises/")
    parser.add_argument("--out", type=Path, required=True, help="where gradebook.csv and per-student reports go")
    parser.add_argument("--jobs", type=int, help="sandboxed runs at once (default: two per CPU core)")
    parser.add_argument("--timeout", type=float, help="seconds each exercise of a submission may run (default 10)")
    parser.add_argument("--memory", type=int, help="memory cap per run in MB on CPU (default 4096)")
    parser.add_argument("--device", help="cuda, mps or cpu (default: CUDA, else MPS, else CPU)")
    parser.add_argument("--hidden", type=Path, help="folder of instructor-only check_*.py modules")
    parser.add_argument("--seed", type=int, help="seed of the random inputs (default: new each run)")
    return {"class": grade_class}


def grade_class(args: argparse.Namespace) -> int:
    from grader.session import grade

    try:
        _validate(args)
        students = collect.students(args.submissions, args.out)
    except collect.BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # [notebooks] notebook submissions (nbgrader's submitted/ too) are graded as the code extracted from them
    from grader.notebooks.classroom import open_class

    notebook_class = open_class(args.submissions)
    options = ["--class-dir", str(notebook_class.folder if notebook_class else args.submissions)]
    options += notebook_class.exercise_options() if notebook_class else []  # [notebooks] only those handed in
    for flag, value in (("--grade-jobs", args.jobs), ("--grade-timeout", args.timeout),
                        ("--grade-memory", args.memory), ("--device", args.device), ("--grade-seed", args.seed)):
        if value is not None:
            options += [flag, str(value)]
    started = time.monotonic()
    try:
        result = grade(options, hidden_dir=args.hidden, progress=Progress(f"Grading {len(students)} students"))
    except (RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    seconds = time.monotonic() - started
    write_outputs(result, args.out, seconds)
    if notebook_class:  # [notebooks] and their grades as `nbgrader export` writes them
        notebook_class.write_export(result, args.out)
    print(summary(result, seconds, args.out))
    return 0


def _validate(args: argparse.Namespace) -> None:
    if args.jobs is not None and args.jobs < 1:
        raise collect.BadInput("--jobs must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        raise collect.BadInput("--timeout must be a positive number of seconds")
    if args.memory is not None and args.memory < 256:
        raise collect.BadInput("--memory must be at least 256 (MB): torch alone needs that much")
    if args.hidden is not None and not args.hidden.is_dir():
        raise collect.BadInput(f"--hidden {args.hidden} is not a folder")


def write_outputs(result, out: Path, seconds: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    gradebook.write(result, out / "gradebook.csv")
    per_student = seconds / max(len(result.students), 1)
    for student in result.students:
        folder = out / student.student
        folder.mkdir(exist_ok=True)
        gradescope.write(result, student, folder, per_student)
        feedback.write(result, student, folder)


def summary(result, seconds: float, out: Path) -> str:
    n = len(result.students)
    mean = sum(s.score for s in result.students) / n
    max_score = result.students[0].max_score
    problems = {}
    for s in result.students:
        if s.status != "graded":
            problems[s.status] = problems.get(s.status, 0) + 1
    detail = ", ".join(f"{k} {v}" for k, v in sorted(problems.items())) or "none"
    return (f"Graded {n} students in {seconds:.1f} s ({n / seconds:.1f} per second) on {result.device}.\n"
            f"Mean score {mean:.2f} / {max_score:g}. Not cleanly graded: {detail}.\n"
            f"Wrote {out / 'gradebook.csv'} and results.json + feedback.md per student.")
