"""python -m grader.insight.demo --out DIR: a synthetic class's report.html, similarity.csv and screenshot.

    --students N    class size (default 300)
    --seed S        the class drawn (default 7)
    --screenshot P  where the 1280x800 screenshot goes (default DIR/report.png); --no-screenshot skips it
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from grader.catalog import load
from grader.insight import atomic, outputs
from grader.insight.demo import classbuild, graded, screenshot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.insight.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--no-screenshot", action="store_true")
    args = parser.parse_args(argv)
    if args.students < 12:
        parser.error("--students must be at least 12 (the demo plants copies and incidents)")
    started = time.monotonic()
    sources = graded.workspaces()
    results = graded.grade(sources)
    print(f"graded 4 variant workspaces in {time.monotonic() - started:.1f} s", file=sys.stderr)
    synthetic = classbuild.build(results, sources, args.students, args.seed)
    atomic.write_text(args.out / "records.json", json.dumps(synthetic.records, indent=1) + "\n")
    started = time.monotonic()
    written = outputs.write_all(args.out, synthetic.records, load(), synthetic.sources, synthetic.stubs,
                                title=f"Class insight: synthetic class of {args.students}")
    print(f"report and similarity in {time.monotonic() - started:.1f} s: " + ", ".join(map(str, written)), file=sys.stderr)
    if not args.no_screenshot:
        png = screenshot.take(args.out / "report.html", args.screenshot or args.out / "report.png")
        print(f"screenshot: {png}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
