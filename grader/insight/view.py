"""Everything the report template shows, gathered from the records in one pass of small steps.

The template only lays this out; every number is computed here (and in stats, mistakes, attention,
timing), so tests can check the numbers without reading HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from grader.insight import attention, figures, highlight, mistakes, stats, timing
from grader.insight.similarity import Pair, SimilarityResult

SHOWN_PAIRS = 40  # pairs shown side by side in the page; similarity.csv has them all


@dataclass
class PairGroup:
    """Two students and every exercise in which their submissions were listed."""

    student_a: str
    student_b: str
    pairs: list[Pair] = field(default_factory=list)


def build(records: list[dict], catalog, similarity: SimilarityResult | None, title: str) -> dict:
    names = [e.name for e in catalog.exercises]
    records = sorted(records, key=lambda r: str(r.get("student", "")))
    max_score = sum(e.points for e in catalog.exercises)
    overview = stats.overview(records, max_score)
    exercises = stats.exercises(records, catalog)
    common = mistakes.common_mistakes(records, names)
    times = timing.per_exercise(exercises)
    bins = stats.histogram(overview.counted, max_score)
    anchors = {r["student"]: f"s-{i}" for i, r in enumerate(records)}
    for pair in similarity.pairs if similarity else []:  # sources without a record still get a (dead) anchor
        for student in (pair.student_a, pair.student_b):
            anchors.setdefault(student, f"x-{len(anchors)}")
    return {
        "title": title,
        "overview": overview,
        "devices": sorted({str(r.get("device")) for r in records if r.get("device")}),
        "bins": bins,
        "histogram_svg": Markup(figures.score_histogram(bins, max_score)),
        "exercises": exercises,
        "exercises_svg": Markup(figures.exercise_overview(exercises)),
        "check_svgs": {e.name: Markup(figures.check_rates(e)) for e in exercises if e.checks},
        "hardest": {e.name: min(e.checks, key=lambda c: (c.rate, c.name)) for e in exercises if e.checks},
        "top_mistake": _top_mistake(common, names),
        "mistakes": common,
        "attention": attention.attention(records, catalog),
        "timing": times,
        "timing_svg": Markup(figures.timing(exercises, [(t.code_median, t.checks_median) for t in times])),
        "slowest": timing.slowest_runs(records, names),
        "similarity": _similarity(similarity, names) if similarity is not None else None,
        "students": [_row(r, names) for r in records],
        "anchors": anchors,
        "catalog": {e.name: e for e in catalog.exercises},
        "has_deadline": any(r.get("late_seconds") is not None for r in records),
    }


def _top_mistake(common: list[mistakes.CommonMistake], names: list[str]) -> dict[str, tuple[str, int]]:
    top: dict[str, tuple[str, int]] = {}
    for mistake in common:  # widest first, so a tie keeps the mistake that is common across the class
        for exercise, students in mistake.by_exercise.items():
            if exercise not in top or len(students) > top[exercise][1]:
                top[exercise] = (mistake.name, len(students))
    return top


def _row(record: dict, names: list[str]) -> dict:
    by_name = {e.get("name"): e for e in record.get("exercises", [])}
    return {
        "student": record["student"],
        "status": record.get("status", "not graded"),
        "score": record.get("score"),
        "grader_score": record.get("grader_score"),
        "adjusted": bool(record.get("adjustments")),
        "submitted": record.get("submitted"),
        "late": record.get("late_seconds"),
        "max_score": record.get("max_score"),
        "exercises": [None if name not in by_name else
                      {"status": by_name[name].get("status", "not graded"), "score": by_name[name].get("score")}
                      for name in names],
    }


def _similarity(result: SimilarityResult, names: list[str]) -> dict:
    groups: dict[tuple[str, str], PairGroup] = {}
    for pair in result.pairs:
        key = (pair.student_a, pair.student_b)
        groups.setdefault(key, PairGroup(*key)).pairs.append(pair)
    ranked = sorted(groups.values(), key=lambda g: (-len(g.pairs), -max(p.similarity for p in g.pairs),
                                                    g.student_a, g.student_b))
    shown = [p for g in ranked for p in g.pairs][:SHOWN_PAIRS]
    return {
        "result": result,
        "groups": ranked,
        "shown": [(p, highlight.marked(result.texts[(p.exercise, p.student_a)], p.spans_a),
                   highlight.marked(result.texts[(p.exercise, p.student_b)], p.spans_b)) for p in shown],
        "judged": [n for n in names if n in result.judged],
        "too_short": [(n, result.too_short[n]) for n in names if n in result.too_short],
    }
