"""The class as plain records, read from the store: one per student of the roster.

Every export is a view of these records. A student whose submission has a verdict under
the current fingerprint gets it; one the grader failed on is `infra_error`; one not reached
yet is `not graded`. Neither of the last two ever carries a score.
"""

from __future__ import annotations

from grader.catalog import load


def records(store, fingerprint: str, exercises: list[str]) -> list[dict]:
    catalog = load()
    max_score = round(sum(catalog.get(n).points for n in exercises), 2)
    found = []
    for entry in store.roster():
        result = store.result(entry["submission"], fingerprint)
        if result is not None:
            record = result.to_dict()
        else:
            infra = store.infra(entry["submission"], fingerprint)
            record = {"status": "infra_error" if infra else "not graded", "score": None, "max_score": max_score,
                      "exercises": [], "infra": infra or "", "device": "", "seed": None, "isolation": "",
                      "seconds": 0.0}
        record.update(student=entry["student"], submission=entry["submission"], extra_files=entry["extras"],
                      meta=entry["meta"])
        found.append(record)
    return found


def graded(record: dict) -> bool:
    return record["status"] not in ("not graded", "infra_error")
