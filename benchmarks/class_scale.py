"""How `python -m grader class` grows with the class: a full run, an unchanged re-run, a re-run with 1% changed.

For each size, a synthetic class as class_speed.py makes it (correct, stubs, one mistake, broken; every
file its own), graded three times into one OUT, the whole command timed each time:

    full        a new OUT: everyone graded, every export, the report and its similarity triage
    unchanged   the same command again: nothing changed, so (issue 26) nothing is graded, drawn or rewritten
    1% changed  one student in a hundred hands in again (one file edited): they are graded, the class-wide
                files are rewritten and the similarity triage runs again over the whole class

Peak memory is the largest resident set of the grader process and the processes it waited for, as the
kernel reports it for that child (os.wait4's rusage, the per-child form of RUSAGE_CHILDREN's ru_maxrss).

    python benchmarks/class_scale.py [--sizes 100,1000] [--huge]

--huge adds a class of 5000 (about 15 minutes more on 2 cores; `make benchmark` runs it).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT))

from benchmarks.class_speed import build_class  # noqa: E402 - after the kit is on the path

HUGE = 5000


def grade(submissions: Path, out: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, the summary line) of one whole `grader class` command."""
    command = [sys.executable, "-m", "grader", "class", str(submissions), "--out", str(out)]
    log = out.parent / f"{out.name}.log"
    started = time.perf_counter()
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=KIT, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"grader class failed ({process.returncode}):\n{text[-3000:]}")
    summary = next(line for line in text.splitlines() if line.startswith("Class of "))
    return seconds, usage.ru_maxrss / 1024, summary


def change(submissions: Path, share: float) -> int:
    """Edit one file of every 1/share-th student, as a resubmission would; the number changed."""
    folders = sorted(p for p in submissions.iterdir() if p.is_dir())
    step = max(1, round(1 / share))
    for folder in folders[::step]:
        path = sorted(folder.glob("*.py"))[0]
        path.write_text(path.read_text() + "\n# handed in again\n")
    return len(folders[::step])


def graded_now(summary: str) -> tuple[int, float]:
    found = re.search(r"(\d+) graded now in ([\d.]+) s", summary)
    return int(found.group(1)), float(found.group(2))


def measure(students: int, root: Path) -> dict:
    submissions, out = root / f"class{students}", root / f"out{students}"
    build_class(submissions, students)
    full, full_mb, summary = grade(submissions, out)
    count, grading = graded_now(summary)
    assert count == students, summary
    unchanged, unchanged_mb, summary = grade(submissions, out)
    assert graded_now(summary)[0] == 0, summary
    changed_count = change(submissions, 0.01)
    changed, changed_mb, summary = grade(submissions, out)
    assert graded_now(summary)[0] == changed_count, summary
    return {"students": students, "full": full, "grading": grading, "unchanged": unchanged, "changed": changed,
            "changed_count": changed_count, "peak_mb": max(full_mb, unchanged_mb, changed_mb),
            "unchanged_mb": unchanged_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="class sizes, comma-separated (default 100,1000)")
    parser.add_argument("--huge", action="store_true", help=f"add a class of {HUGE} (takes long on 2 cores)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",") if n.strip()] + ([HUGE] if args.huge else [])
    load = os.getloadavg()
    print(f"grader class at scale, {os.cpu_count()} cores, load average {load[0]:.2f} at the start")
    print("| students | full run | grading alone | unchanged re-run | re-run, 1% changed "
          "| peak RSS (full / unchanged) |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="cnn-scale-") as tmp:
        for students in sizes:
            m = measure(students, Path(tmp))
            share = {k: 100 * m[k] / m["full"] for k in ("unchanged", "changed")}
            print(f"| {m['students']} | {m['full']:.1f} s "
                  f"| {m['grading']:.1f} s ({m['students'] / m['grading']:.0f}/s) "
                  f"| {m['unchanged']:.2f} s ({share['unchanged']:.1f}% of full) "
                  f"| {m['changed']:.1f} s ({m['changed_count']} students, {share['changed']:.0f}% of full) "
                  f"| {m['peak_mb']:.0f} MB / {m['unchanged_mb']:.0f} MB |", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
