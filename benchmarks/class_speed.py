"""How fast `python -m grader class` grades a synthetic class, against a naive baseline.

The class mixes correct, wrong and broken work. The baseline, measured in the same run,
is the naive way: one `python -m grader check` process per student (its own interpreter,
torch import and fork server), as many at a time as there are CPU cores. The class grader
runs with its defaults (--jobs: two per core), as an instructor would run it, into a new
OUT (nothing comes from the store). Every student's files carry their name in a comment,
so no two submissions are identical: the store's reuse of identical work does not count.

    python benchmarks/class_speed.py [--students 200] [--baseline-sample 12]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
SOLUTIONS = KIT / "solutions"
MISTAKES = KIT / "tests" / "submissions"
sys.path.insert(0, str(KIT))

# (share of the class, how to make one such student)
MIX = [
    (0.45, "correct"),
    (0.20, "stubs"),
    (0.25, "one_mistake"),
    (0.10, "broken"),
]


def make_student(folder: Path, kind: str, index: int) -> None:
    from grader import derive

    if kind == "stubs":
        folder.mkdir(parents=True)
        for path, text in derive.expected_stubs().items():  # derived from solutions/, not read from exercises/
            (folder / path.name).write_text(text)
    else:
        shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    if kind == "one_mistake":  # a real wrong submission from the test suite replaces one file
        cases = sorted(p for p in MISTAKES.iterdir() if p.is_dir() and "loop" not in p.name)
        for file in cases[index % len(cases)].glob("*.py"):
            shutil.copy(file, folder / file.name)
    elif kind == "broken":
        broken = ["def conv2d_macs(:\n", "import os\nos._exit(3)\n", "import sys\nsys.exit(1)\n"]
        (folder / "ex05_count_macs.py").write_text(broken[index % len(broken)])
    for file in folder.glob("*.py"):  # every student's work is their own: no two submissions alike
        file.write_text(f"# {folder.name}\n" + file.read_text())


def build_class(root: Path, students: int) -> None:
    kinds = [kind for share, kind in MIX for _ in range(round(share * students))][:students]
    kinds += ["correct"] * (students - len(kinds))
    for index, kind in enumerate(kinds):
        make_student(root / f"student{index:04d}_{kind}", kind, index)


def time_class(submissions: Path, out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "grader", "class", str(submissions), "--out", str(out)],
                          check=True, cwd=KIT, capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout.splitlines()[0]


def time_baseline(folders: list[Path], jobs: int) -> float:
    def check(folder: Path) -> None:
        subprocess.run([sys.executable, "-m", "grader", "check", "--workspace", str(folder), "--json"],
                       cwd=KIT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        list(pool.map(check, folders))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--baseline-sample", type=int, default=12, help="students graded the naive way")
    parser.add_argument("--baseline-parallel", type=int, default=os.cpu_count() or 1,
                        help="naive processes at a time (default: the number of cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnn-bench-") as tmp:
        root = Path(tmp)
        build_class(root / "class", args.students)
        kit_seconds, summary = time_class(root / "class", root / "out")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        lines = (root / "out" / "gradebook.csv").read_text().splitlines()
        assert len(lines) == args.students + 1, "the gradebook must have one row per student"
        sample = sorted((root / "class").iterdir())[:: max(1, args.students // args.baseline_sample)][: args.baseline_sample]
        naive_seconds = time_baseline(sample, args.baseline_parallel)
    kit_per = kit_seconds / args.students
    naive_per = naive_seconds / len(sample)
    print(f"class of {args.students} students (correct, stubs, one mistake, broken), {os.cpu_count()} cores")
    print(f"python -m grader class : {kit_seconds:8.2f} s  {args.students / kit_seconds:6.2f} submissions/s  "
          f"{kit_per:6.3f} s/submission  peak RSS of the largest process {peak_mb:.0f} MB")
    print(f"  (the whole command, with the exports and report.html; its own line: {summary})")
    print(f"naive baseline         : {naive_seconds:8.2f} s for {len(sample)} students  "
          f"{len(sample) / naive_seconds:6.2f} submissions/s  {naive_per:6.3f} s/submission "
          f"(one `grader check` process each, {args.baseline_parallel} at a time)")
    graded_s = float(re.search(r"graded now in ([\d.]+) s", summary).group(1))
    print(f"speed-up, the whole command (start-up, grading, exports, report.html with the similarity triage): "
          f"{naive_per / kit_per:.1f}x  (the naive way would take {naive_per * args.students:.0f} s for the class)")
    print(f"speed-up, grading alone ({args.students / graded_s:.1f} submissions/s, as the summary line says): "
          f"{naive_per / (graded_s / args.students):.1f}x  (goals: >= 10 submissions/s, >= 25x)")


if __name__ == "__main__":
    main()
