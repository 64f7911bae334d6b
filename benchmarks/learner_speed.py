"""How fast the learner's loop is, against a bare `python -c "import torch"` in the same run.

Paired runs (a baseline, then the command, again and again) so the machine's noise hits both:

    cold check, all ten solved exercises   python -m grader check --workspace W
    cold check, one exercise               python -m grader check --workspace W ex01
    watch, save to report                  a save of ex01 in a running `grader watch`, until its report

The workspace is a copy of the reference solutions (every exercise solved, the slowest case).

    python benchmarks/learner_speed.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=KIT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def paired(command: list[str], runs: int, env: dict) -> tuple[list[float], list[float]]:
    baseline, measured = [], []
    for _ in range(runs):
        baseline.append(timed([sys.executable, "-c", "import torch"], env))
        measured.append(timed(command, env))
    return baseline, measured


class Watch:
    """`grader watch` in plain-line mode; each report ends with a line saying how long the check took."""

    def __init__(self, workspace: Path, env: dict) -> None:
        self.lines: list[tuple[float, str]] = []
        self.process = subprocess.Popen([sys.executable, "-u", "-m", "grader", "watch", "--workspace", str(workspace)],
                                        cwd=KIT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line))

    def reports(self) -> int:
        return sum(1 for _, line in self.lines if "(checked in" in line)

    def wait_for_report(self, count: int, timeout: float = 60) -> float:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            done = [t for t, line in self.lines if "(checked in" in line]
            if len(done) >= count:
                return done[count - 1]
            time.sleep(0.002)
        raise TimeoutError("no report from grader watch")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def save_to_report(workspace: Path, runs: int, env: dict) -> list[float]:
    watch = Watch(workspace, env)
    try:
        watch.wait_for_report(1, timeout=120)
        time.sleep(0.5)  # the watcher is watching
        target = workspace / "ex01_conv_relu_layer.py"
        seconds = []
        for run in range(runs):
            expected = watch.reports() + 1
            saved = time.perf_counter()
            target.write_text(target.read_text() + f"# save {run}\n")
            seconds.append(watch.wait_for_report(expected) - saved)
            time.sleep(0.3)
        return seconds
    finally:
        watch.stop()


def line(label: str, baseline: list[float], measured: list[float]) -> str:
    ratios = [m / b for b, m in zip(baseline, measured)]
    return (f"{label:<34} median {statistics.median(measured):6.3f} s   import torch {statistics.median(baseline):6.3f} s"
            f"   ratio {statistics.median(ratios):4.2f}x (paired runs: {', '.join(f'{r:.2f}' for r in ratios)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnn-learner-bench-") as tmp:
        workspace = Path(tmp) / "workspace"
        shutil.copytree(KIT / "solutions", workspace)
        env = {**os.environ, "CNN_KIT_STATE": str(Path(tmp) / "state")}
        check = [sys.executable, "-m", "grader", "check", "--workspace", str(workspace)]
        timed(check, env)  # one run first: the file system's caches, as a learner's second try has them
        all_b, all_m = paired(check, args.runs, env)
        one_b, one_m = paired(check + ["ex01"], args.runs, env)
        watch = save_to_report(workspace, args.runs, env)
    print(f"{os.cpu_count()} cores; {args.runs} paired runs each; workspace: the reference solutions")
    print(line("cold check, all ten exercises", all_b, all_m) + "   goal <= 1.5x")
    print(line("cold check, one exercise (ex01)", one_b, one_m) + "   goal <= 1.3x")
    print(f"{'watch, save of ex01 to its report':<34} median {statistics.median(watch):6.3f} s   "
          f"(runs: {', '.join(f'{s:.3f}' for s in watch)})   goal <= 0.3 s")


if __name__ == "__main__":
    main()
