"""The class as plain records, read from the store: one per student of the roster.

Every export is a view of these records. A student whose submission has a verdict under
the current fingerprint gets it; one the grader failed on is `infra_error`; one not reached
yet is `not graded`. Neither of the last two ever carries a score.

Each record also says when it was handed in (`submitted`, from its source, or None), how late
(`late_seconds`, with a deadline), and, when graded, the instructor's adjustments: `score` is
the adjusted score, `grader_score` the grader's own, `adjustments` what changed one into the
other (adjustments.py). Adjustments live in the store's meta, never in a verdict.
"""

from __future__ import annotations

from grader.catalog import load
from grader.classroom import adjustments as adjust, lateness


def records(store, fingerprint: str, exercises: list[str]) -> list[dict]:
    catalog = load()
    max_score = round(sum(catalog.get(n).points for n in exercises), 2)
    rules = [adjust.Adjustment(**a) for a in store.meta("adjustments", [])]
    due = store.meta("deadline")
    due = lateness.deadline(due) if due else None
    found = []
    for entry in store.roster():
        record = store.result_data(entry["submission"], fingerprint)
        if record is None:
            infra = store.infra(entry["submission"], fingerprint)
            record = {"status": "infra_error" if infra else "not graded", "score": None, "max_score": max_score,
                      "exercises": [], "infra": infra or "", "device": "", "seed": None, "isolation": "",
                      "seconds": 0.0}
        record.update(student=entry["student"], submission=entry["submission"], extra_files=entry["extras"],
                      meta=entry["meta"])
        record["submitted"] = lateness.submitted(entry["meta"])
        record["late_seconds"] = lateness.late_seconds(record["submitted"], due)
        record["deadline"] = lateness.utc_text(due) if due else None
        if graded(record):
            adjust.apply(record, rules, record["late_seconds"])
        else:
            record.update(grader_score=None, adjustments=[])
        found.append(record)
    return found


def graded(record: dict) -> bool:
    return record["status"] not in ("not graded", "infra_error")


def counted(record: dict) -> bool:
    """In the class's mean, median and histogram: graded, and something was handed in."""
    return graded(record) and record["status"] != "missing" and record["score"] is not None


def missing(record: dict) -> list[str]:
    """The exercises of a graded record with no file handed in."""
    return [e["name"] for e in record.get("exercises", []) if e.get("status") == "missing"]
