"""OUT/report.html (and similarity.csv): the instructor's insight report, from the store.

`grader class` writes it after grading; `python -m grader report OUT` writes it again from
the stored results alone, without grading anything.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def write(out: Path, store, records: list[dict], with_similarity: bool) -> list[str]:
    """Write the report; the names written. Without the report's packages, say so and go on."""
    try:
        from grader.insight import outputs
    except ImportError as exc:
        print(f"note: report.html not written ({exc.name} is missing): pip install -e \".[report]\"", file=sys.stderr)
        return []
    from grader.catalog import load
    from grader.derive import stub_source
    from grader.paths import SOLUTIONS

    exercises = store.meta("exercises", [])
    sources = {}
    for record in records:
        files = store.files(record["submission"])
        sources[record["student"]] = {n: files[f"{n}.py"] for n in exercises if f"{n}.py" in files}
    stubs = {n: stub_source((SOLUTIONS / f"{n}.py").read_text(encoding="utf-8"), n) for n in exercises}
    written = outputs.write_all(out, records, load(), sources, stubs, with_similarity=with_similarity)
    return [Path(p).name for p in written]


def run(args: argparse.Namespace) -> int:
    from grader.classroom import records as class_records
    from grader.classroom.store import FILE, Store, StoreError

    out = Path(args.out)
    if not (out / FILE).is_file():
        print(f"error: {out} holds no result store ({FILE}): run `python -m grader class ... --out {out}` first",
              file=sys.stderr)
        return 2
    try:
        store = Store(out)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        key = store.meta("fingerprint")
        found = class_records.records(store, key, store.meta("exercises", []))
        written = write(out, store, found, with_similarity=not args.no_similarity)
    finally:
        store.close()
    print(f"Wrote {', '.join(written) or 'nothing'} in {out} from the stored results of {len(found)} students.")
    return 0 if written else 1
