"""A synthetic class: records (as the result store hands them out) and the files each student handed in.

Students differ in skill; a stronger student solves more exercises, a weaker one makes more of the
named mistakes and stops earlier (the rest are untouched stubs). Each exercise result is the real
grader's result for the variant the student handed in (graded.py). Made up, seeded: the times, a
few timeouts, errors, a grader failure and students not graded yet, the code style of ex07-ex09
(styles.py), and a few copy rings hidden with the disguises of disguise.py.
"""

from __future__ import annotations

import copy
import hashlib
import random
from dataclasses import dataclass

from grader.catalog import load
from grader.insight.demo import disguise, styles

# How hard each exercise is (0 easy .. 1 hard), in catalog order: the chance of an answer being wrong.
DIFFICULTY = {"ex01": 0.15, "ex02": 0.35, "ex03": 0.4, "ex04": 0.25, "ex05": 0.3, "ex06": 0.3,
              "ex07": 0.55, "ex08": 0.6, "ex09": 0.65, "ex10": 0.3}
# Seconds: the student's code (sandbox) and the grader's checks, per exercise (median); ex09's
# gradient checks are the slow ones, as a real slow check would show.
CODE_SECONDS = {"ex07": 0.9, "ex09": 0.12}
CHECK_SECONDS = {"ex09": 0.45, "ex08": 0.06}
FIRST_NAMES = ["ada", "ben", "chen", "dana", "eli", "fatima", "gus", "hana", "ivan", "jia", "kofi", "lena",
               "mo", "nia", "omar", "pia", "quinn", "ravi", "sara", "tom", "uma", "vik", "wen", "yara", "zoe"]


@dataclass
class SyntheticClass:
    records: list[dict]
    sources: dict[str, dict[str, str]]  # student -> exercise -> text
    stubs: dict[str, str]
    copies: list[tuple[str, str, str]]  # (exercise, original, copier), the copies planted on purpose


def build(graded: dict[str, dict[str, dict]], workspaces: dict[str, dict[str, str]], students: int = 300,
          seed: int = 7) -> SyntheticClass:
    rng = random.Random(seed)
    catalog = load()
    names = _names(students, rng)
    records, sources = [], {}
    for name in names:
        skill = rng.betavariate(4, 2)
        record, files = _student(name, skill, catalog, graded, workspaces, rng)
        records.append(record)
        sources[name] = files
    copies = _plant_copies(names, sources, records, rng)
    _plant_incidents(records, sources, rng)
    return SyntheticClass(records, sources, dict(workspaces["stub"]), copies)


def _names(count: int, rng: random.Random) -> list[str]:
    names = [f"{rng.choice(FIRST_NAMES)}.{i:03d}" for i in range(count)]
    if count > 10:
        names[3] = "o'neil & <co>"  # ids are any text: the report must escape them
    return names


def _student(name, skill, catalog, graded, workspaces, rng) -> tuple[dict, dict[str, str]]:
    exercises, files, stopped = [], {}, False
    for index, entry in enumerate(catalog.exercises):
        number = entry.name.split("_", 1)[0]
        stopped = stopped or rng.random() > 0.8 + 0.2 * skill  # some stop early: the rest stays a stub
        if stopped:
            kind = "stub"
        elif rng.random() < DIFFICULTY[number] * (1.2 - skill):
            kind = rng.choice(["mistake_a", "mistake_b"])
        else:
            kind = "solution"
        result = copy.deepcopy(graded[kind][entry.name])
        files[entry.name] = _source(entry.name, kind, workspaces, rng)
        exercises.append(_exercise_record(entry, result, number, rng))
    score = round(sum(e["score"] for e in exercises), 2)
    record = {"student": name, "submission": _sha(files), "status": "graded", "score": score,
              "max_score": sum(e.points for e in catalog.exercises), "device": "cpu",
              "seconds": round(sum(e["seconds"] + e["check_seconds"] for e in exercises), 3),
              "exercises": exercises, "extra_files": []}
    return record, files


def _source(exercise: str, kind: str, workspaces, rng: random.Random) -> str:
    if kind != "stub" and exercise in styles.STYLED:
        return styles.answer(exercise, kind, workspaces["stub"][exercise], rng)
    return workspaces[kind][exercise]


def _exercise_record(entry, result: dict, number: str, rng: random.Random) -> dict:
    share = entry.points / max(len(result["tests"]), 1)
    tests = [{"name": t["name"], "status": t["status"], "message": t["message"], "mistake": t.get("mistake"),
              "hidden": t.get("hidden", False), "score": round(share if t["status"] == "passed" else 0.0, 4),
              "max_score": round(share, 4)} for t in result["tests"]]
    return {"name": entry.name, "title": entry.title, "status": "graded", "score": result["score"],
            "max_score": entry.points, "output": "", "tests": tests,
            "seconds": round(rng.lognormvariate(0, 0.35) * CODE_SECONDS.get(number, 0.05), 4),
            "check_seconds": round(rng.lognormvariate(0, 0.3) * CHECK_SECONDS.get(number, 0.01), 4)}


def _plant_copies(names, sources, records, rng: random.Random) -> list[tuple[str, str, str]]:
    """Four copy rings of ex07-ex09, each hidden another way (a ring of three once)."""
    by_name = {r["student"]: r for r in records}
    solvers = [n for n in names if all(by_name[n]["exercises"][i]["score"] > 0 for i in (6, 7, 8))]
    hides = [disguise.rename_variables, disguise.rewrite_comments, disguise.disguise_all, disguise.disguise_all]
    planted = []
    picked = rng.sample(solvers, 2 * len(hides) + 1)
    for i, hide in enumerate(hides):
        original, copier = picked[2 * i], picked[2 * i + 1]
        copiers = [copier] + ([picked[-1]] if i == 3 else [])
        for who in copiers:
            for exercise in styles.STYLED:
                sources[who][exercise] = _safe(hide, sources[original][exercise])
                index = next(j for j, e in enumerate(by_name[who]["exercises"]) if e["name"] == exercise)
                by_name[who]["exercises"][index] = copy.deepcopy(by_name[original]["exercises"][index])
                planted.append((exercise, original, who))
            _rescore(by_name[who])
    return planted


def _safe(hide, text: str) -> str:
    try:
        return hide(text)
    except ValueError:
        return text


def _plant_incidents(records: list[dict], sources, rng: random.Random) -> None:
    """Timeouts in ex07 (slow loops), a syntax error, an out-of-memory run, a grader failure and
    students not graded yet: the statuses an instructor must not read as a 0."""
    pool = rng.sample(records, 14)
    for record in pool[:4]:
        _fail(record, "ex07_conv2d_loops", "timeout", "The run was stopped after 10 s: does a loop never end?", 10.0)
    for record in pool[4:6]:
        _fail(record, "ex09_conv_relu_from_scratch", "error", "SyntaxError: '(' was never closed (line 41)", 0.02)
        sources[record["student"]]["ex09_conv_relu_from_scratch"] = (
            sources[record["student"]]["ex09_conv_relu_from_scratch"].replace("))\n", ")\n", 1))
    _fail(pool[6], "ex08_conv2d_unfold", "memory", "MemoryError: the run went over its 4096 MB", 1.2)
    for record in pool[7:9]:  # the grader failed: no score, never a 0
        _fail(record, "ex05_count_macs", "infra_error", "The grader failed to start this run.", 0.0)
        record["status"], record["score"] = "infra_error", None
    for record in pool[9:12]:
        record.update(status="not graded", score=None, seconds=0.0, exercises=[])


def _fail(record: dict, exercise: str, status: str, message: str, seconds: float) -> None:
    for result in record["exercises"]:
        if result["name"] == exercise:
            result.update(status=status, score=0.0, seconds=seconds)
            for test in result["tests"]:
                test.update(status="error", score=0.0, message=message, mistake=None)
    _rescore(record)
    if status in ("timeout", "error", "memory") and record["status"] == "graded":
        record["status"] = status


def _rescore(record: dict) -> None:
    record["score"] = round(sum(e["score"] for e in record["exercises"]), 2)


def _sha(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()
