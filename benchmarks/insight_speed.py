"""How long the insight report and the similarity triage take for a synthetic class, and what the
triage lists: the planted copies it finds, and the independent pairs it lists as well.

The class comes from grader/insight/demo (the real grader's verdicts on four variant workspaces, code
styles drawn per student, copy rings hidden by renaming, reordering and rewritten comments). Grading
the four workspaces (about 15 s) is not part of the figures.

    python benchmarks/insight_speed.py [--students 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
import time

from grader.catalog import load
from grader.insight import report, similarity
from grader.insight.demo import classbuild, graded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sources = graded.workspaces()
    synthetic = classbuild.build(graded.grade(sources), sources, args.students, args.seed)
    catalog = load()
    names = [e.name for e in catalog.exercises]

    started = time.perf_counter()
    found = similarity.find_similar(synthetic.sources, synthetic.stubs, names)
    similarity_s = time.perf_counter() - started
    started = time.perf_counter()
    html = report.render(synthetic.records, catalog, found)
    render_s = time.perf_counter() - started
    started = time.perf_counter()
    every = similarity.find_similar(synthetic.sources, synthetic.stubs, names, references={})  # judge all ten
    every_s = time.perf_counter() - started

    planted = {(e, *sorted((a, b))) for e, a, b in synthetic.copies}
    rings = {}  # copiers of one original are copies of each other too
    for exercise, original, copier in synthetic.copies:
        rings.setdefault((exercise, original), {original}).add(copier)
    copies = {(e, *sorted((a, b))) for (e, _), ring in rings.items() for a in ring for b in ring if a < b}
    listed = {(p.exercise, p.student_a, p.student_b) for p in found.pairs}
    groups = {}
    for exercise, a, b in listed:
        groups.setdefault((a, b), set()).add(exercise)
    multi = {k for k, v in groups.items() if len(v) >= 2}
    copied_pairs = {(a, b) for _, a, b in copies}
    print(f"{args.students} students, {len(found.judged)} exercises judged ({', '.join(found.judged)})")
    print(f"similarity (judged exercises): {similarity_s:.2f} s; all ten exercises judged: {every_s:.2f} s")
    print(f"report render: {render_s:.2f} s, {len(html) / 1024:.0f} KiB")
    print(f"copies planted: {len(planted)} (pairs within rings: {len(copies)}), found: {len(copies & listed)}")
    print(f"pairs listed: {len(listed)}, of which not planted: {len(listed - copies)} "
          f"(pairs of students listed in 2+ exercises: {len(multi)}, planted: {len(multi & copied_pairs)})")
    if found.pairs:
        others = [p for p in found.pairs if (p.exercise, p.student_a, p.student_b) not in copies]
        print("highest similarity among pairs not planted: "
              + (f"{max(p.similarity for p in others):.2f}" if others else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
