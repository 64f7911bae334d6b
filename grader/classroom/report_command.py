"""OUT/report.html (and similarity.csv): the instructor's insight report, from the store.

`grader class` writes it after grading; `python -m grader report OUT` writes it again from
the stored results alone, without grading anything.

What the report is made of is known before it is made: the records, the similarity triage's
result, and the kit's code. The store keeps a hash of them (meta `report`), and the triage's
result under a hash of what it compared (meta `similarity`: every student's submission hash, the
exercises, the kit). A `grader class` run in which none of them changed leaves report.html and
similarity.csv as they are, and imports none of the report's packages; one in which only a grade
or an adjustment changed draws the report again but reuses the triage. One changed submission runs
the triage again from the state the last one left (meta `similarity_state`, insight/pairing.py):
only the changed students are compared, and only the files the store has not seen are tokenised
(table `normalised`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from grader.classroom.fingerprint import kit_digest

FILES = ("report.html", "similarity.csv")


def write(out: Path, store, records: list[dict], with_similarity: bool, reuse: bool = True) -> list[str]:
    """Write the report; the names written. Without the report's packages, say so and go on.

    reuse: leave the report as it is when nothing it is made of changed (`grader class`);
    `grader report OUT` draws it again whatever the store says."""
    exercises = store.meta("exercises", [])
    similarity_key = _digest("similarity", kit_digest(), exercises,
                             sorted((r["student"], r["submission"]) for r in records)) if with_similarity else None
    report_key = _digest("report", kit_digest(), records, similarity_key)
    written = [name for name in FILES if with_similarity or name == "report.html"]
    if reuse and store.meta("report") == report_key and all((out / name).is_file() for name in written):
        return written
    try:
        from grader.insight import outputs, similarity
    except ImportError as exc:
        print(f"note: report.html not written ({exc.name} is missing): pip install -e \".[report]\"", file=sys.stderr)
        return []
    from grader.catalog import load

    catalog = load()
    kept = store.meta("similarity") if with_similarity and reuse else None
    found = similarity.from_dict(kept["result"]) if kept and kept["key"] == similarity_key else None
    if with_similarity and found is None:
        sources, stubs = _sources(store, records, exercises)
        state = store.meta("similarity_state") if reuse else None
        previous = state["exercises"] if state and state.get("kit") == kit_digest() else None
        found = _triage(store, sources, stubs, [e.name for e in catalog.exercises if e.name in stubs], previous)
        store.set_meta("similarity_state", {"kit": kit_digest(), "exercises": found.state})
        store.set_meta("similarity", {"key": similarity_key, "result": similarity.to_dict(found)})
    paths = outputs.write_all(out, records, catalog, None, None, with_similarity=with_similarity, similar=found)
    store.set_meta("report", report_key)  # after the files: an interrupted write is drawn again next run
    return [Path(p).name for p in paths]


def _triage(store, sources: dict, stubs: dict, exercises: list[str], previous: dict | None):
    """The similarity triage, tokenising only the sources the store has not seen and comparing only the
    students who changed since the state `previous` (None: everyone)."""
    import io

    import numpy as np

    from grader.insight import similarity
    from grader.insight.pairing import text_hash

    texts = {text_hash(text): text for files in sources.values() for text in files.values()}
    normalised = {texts[h]: (filtered, np.load(io.BytesIO(offsets), allow_pickle=False))
                  for h, (filtered, offsets) in store.normalised(texts).items()}
    known = set(normalised)
    found = similarity.find_similar(sources, stubs, exercises, normalised=normalised, previous=previous)
    new = {}
    for text in normalised.keys() - known:
        buffer = io.BytesIO()
        np.save(buffer, normalised[text][1], allow_pickle=False)
        new[text_hash(text)] = (normalised[text][0], buffer.getvalue())
    if new:
        store.put_normalised(new)
    return found


def _sources(store, records: list[dict], exercises: list[str]) -> tuple[dict, dict]:
    """What the triage compares: student -> exercise -> source, read from the store; and the stubs."""
    from grader.derive import stub_source
    from grader.paths import SOLUTIONS

    sources = {}
    for record in records:
        files = store.files(record["submission"])
        sources[record["student"]] = {n: files[f"{n}.py"] for n in exercises if f"{n}.py" in files}
    stubs = {n: stub_source((SOLUTIONS / f"{n}.py").read_text(encoding="utf-8"), n) for n in exercises}
    return sources, stubs


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


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
        written = write(out, store, found, with_similarity=not args.no_similarity, reuse=False)
    finally:
        store.close()
    print(f"Wrote {', '.join(written) or 'nothing'} in {out} from the stored results of {len(found)} students.")
    return 0 if written else 1
