"""How the similarity triage grows: from scratch, and after a few students changed (issue 26).

The class is the insight demo's (grader/insight/demo: code styles drawn per student, copy rings hidden
by renaming, reordering and rewritten comments), so most submissions are judged and many pairs share
code: the hard case for a triage, unlike benchmarks/class_scale.py's class of near-identical
solutions. Tokens are kept between runs as the class store keeps them; what is timed is the
triage itself (hashing windows, common code, comparisons).

For each class size: the triage from scratch (every pair that shares a window is compared: the
baseline), then re-runs from its state after 1 student, 0.1% and 1% of the class changed one file.
Each line gives seconds, pairs compared and the ratio to the baseline; "per changed" is the pairs
compared for each changed student, which stays flat as the changed count grows when the work is
linear in it.

    python benchmarks/triage_scale.py [--sizes 1000,5000] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT))

from grader.catalog import load  # noqa: E402 - after the kit is on the path
from grader.insight import similarity  # noqa: E402
from grader.insight.demo import classbuild, graded  # noqa: E402


def changed(sources: dict, count: int, exercise: str) -> dict:
    """The class with `count` students' file of `exercise` edited (a line of their own added)."""
    edited = dict(sources)
    for student in sorted(sources)[:: max(1, len(sources) // count)][:count]:
        if exercise in sources[student]:
            edited[student] = {**sources[student], exercise: sources[student][exercise] + "\nchecked = True\n"}
    return edited


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    workspaces = graded.workspaces()
    verdicts = graded.grade(workspaces)
    names = [e.name for e in load().exercises]
    print(f"similarity triage at scale, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
    print("| students | run | seconds | pairs compared | per changed | share of from scratch |")
    print("|---|---|---|---|---|---|")
    for size in [int(n) for n in args.sizes.split(",") if n.strip()]:
        synthetic = classbuild.build(verdicts, workspaces, size, args.seed)
        tokens: dict = {}
        similarity.find_similar(synthetic.sources, synthetic.stubs, names, normalised=tokens)  # tokenise once
        started = time.perf_counter()
        base = similarity.find_similar(synthetic.sources, synthetic.stubs, names, normalised=tokens)
        base_s = time.perf_counter() - started
        judged = sum(base.judged.values())
        print(f"| {size} | from scratch ({judged} judged files) | {base_s:.2f} | {base.compared} | | 100% |",
              flush=True)
        exercise = max(base.judged, key=base.judged.get)
        for count in (1, max(1, size // 1000), max(1, size // 100)):
            sources = changed(synthetic.sources, count, exercise)
            started = time.perf_counter()
            again = similarity.find_similar(sources, synthetic.stubs, names, normalised=dict(tokens),
                                            previous=base.state)
            seconds = time.perf_counter() - started
            moved = sum(again.changed.values())
            print(f"| {size} | {count} changed ({moved} taken as changed) | {seconds:.2f} | {again.compared} "
                  f"| {again.compared / max(moved, 1):.1f} | {100 * seconds / base_s:.0f}% of the time, "
                  f"{100 * again.compared / max(base.compared, 1):.1f}% of the pairs |", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
