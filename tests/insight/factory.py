"""Result records for the report tests, drawn at random (seeded) in the shape the class result store uses.

Every status appears: graded students, a timeout, a memory error, an error in the code, a grader failure
(infra_error, no score), students not graded yet, one who handed in half the exercises (incomplete) and
one who handed in nothing (missing); one score is adjusted and late; checks fail with and without a
named mistake.
"""

from __future__ import annotations

import random

from grader.catalog import load

MISTAKES = ["padding missing", "bias missing", "kernel flipped", "off by one in the size formula"]


def records(names: list[str], seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    catalog = load()
    out = []
    for index, name in enumerate(names):
        exercises = []
        for entry in catalog.exercises:
            checks = rng.randint(2, 6)
            share = entry.points / checks
            tests = []
            for c in range(checks):
                passed = rng.random() < 0.7
                tests.append({"name": f"check_{c}[case]", "status": "passed" if passed else "failed",
                              "score": round(share if passed else 0.0, 4), "max_score": round(share, 4),
                              "message": "" if passed else "Called f(x).\nGot: 1\nExpected: 2",
                              "mistake": None if passed or rng.random() < 0.4 else rng.choice(MISTAKES),
                              "hidden": c == checks - 1 and entry.name == "ex03_output_size"})
            exercises.append({"name": entry.name, "title": entry.title, "status": "graded",
                              "score": round(sum(t["score"] for t in tests), 2), "max_score": entry.points,
                              "seconds": round(rng.uniform(0.01, 0.9), 4), "check_seconds": round(rng.uniform(0.001, 0.3), 4),
                              "output": "", "tests": tests})
        record = {"student": name, "submission": f"{index:064x}", "status": "graded", "max_score": 110.0,
                  "device": "cpu", "seconds": 1.0, "exercises": exercises, "extra_files": []}
        _incident(record, index)
        out.append(record)
    return out


def _incident(record: dict, index: int) -> None:
    """Students 1-5 of every class have one status each that is not a plain `graded`."""
    by_index = {1: ("ex07_conv2d_loops", "timeout"), 2: ("ex08_conv2d_unfold", "memory"),
                3: ("ex09_conv_relu_from_scratch", "error"), 4: ("ex05_count_macs", "infra_error")}
    if index in by_index:
        exercise, status = by_index[index]
        for e in record["exercises"]:
            if e["name"] == exercise:
                e.update(status=status, score=0.0)
                for t in e["tests"]:
                    t.update(status="error", score=0.0, mistake=None)
        record["status"] = status
    if index == 5:
        record.update(status="not graded", exercises=[])
    if index in (6, 7):  # 6 handed in ex01-ex06 only (incomplete), 7 nothing at all (missing)
        for e in record["exercises"][6 if index == 6 else 0:]:
            e.update(status="missing", score=0.0, seconds=0.0, check_seconds=0.0)
            for t in e["tests"]:
                t.update(status="failed", score=0.0, mistake=None, message=f"There is no {e['name']}.py.")
        record["status"] = "incomplete" if index == 6 else "missing"
    record["score"] = (None if record["status"] in ("infra_error", "not graded")
                       else round(sum(e["score"] for e in record["exercises"]), 2))
    record["grader_score"], record["adjustments"], record["late_seconds"] = record["score"], [], None
    if index == 8:  # an instructor's bonus, and a submission 1 h 30 min late
        record["adjustments"] = [{"exercise": "", "adjustment": "+2", "points": 2.0, "comment": "", "line": 2}]
        record["score"] = round(record["score"] + 2, 2)
        record.update(submitted="2026-12-01 13:30:00", late_seconds=5400.0)
