"""Similarity triage: per exercise, the pairs of submissions far more alike than independent work.

For each exercise long enough to judge (see shortness.py), every submission is fingerprinted with the
stub as boilerplate (see fingerprint.py), windows that many students share are set aside as common
code, and every pair that shares code is compared (pairing.py: after a change, only the pairs of a
student who changed). A pair is listed when

    max(similarity_a, similarity_b) >= FLAG_SIMILARITY  and  shared characters >= MIN_SHARED_CHARS

where similarity_a is the share of a's own code (beyond the stub and common code) found in b. The
maximum, not the minimum, so that a copy padded with extra code is still listed; the shared minimum, so
that two submissions that each add one line to the stub are not.

Calibration (tests/insight/independent.py, measured with copydetect's defaults K=25, window 1):
hand-written independent solutions in different styles were at most 57 % similar (ex08, the most
constrained answer; ex07 44 %, ex09 21 %); copies with renamed variables, reordered functions and
rewritten comments were at least 88 % (on the less similar side). FLAG_SIMILARITY sits in that gap.
On the demo class of 300 (benchmarks/insight_speed.py) every planted copy is listed, together with
pairs of synthetic students who drew the same uncommon blocks: the report ranks pairs of students
listed in several exercises first, which is where the copies are. A listed pair is a reason to look,
never a verdict: the report says "similar: review".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from grader import escape
from grader.escape import Figure
from grader.insight import atomic, fingerprint, pairing, shortness, spans

FLAG_SIMILARITY = 0.8
MIN_SHARED_CHARS = 100  # about two lines of normalised code
# A window found in more than this many submissions is common code (the obvious way to write a line),
# as MOSS ignores passages that appear too often: max(COMMON_MIN_STUDENTS, COMMON_SHARE * submissions).
COMMON_MIN_STUDENTS = 10
COMMON_SHARE = 0.2
MAX_SOURCE_CHARS = 100_000  # a larger file is not compared: no exercise answer is that long


@dataclass(frozen=True)
class Pair:
    """Two submissions of one exercise that are much more alike than independent work."""

    exercise: str
    student_a: str  # student_a < student_b
    student_b: str
    similarity_a: float  # share of a's own code found in b's
    similarity_b: float
    shared_chars: int  # normalised characters shared (the smaller of the two sides' counts)
    spans_a: spans.Spans  # shared [start, end) character ranges of a's source, the stub's lines left out
    spans_b: spans.Spans

    @property
    def similarity(self) -> float:
        return max(self.similarity_a, self.similarity_b)


@dataclass
class SimilarityResult:
    pairs: list[Pair]  # most similar first
    judged: dict[str, int]  # exercise -> submissions with code of their own that were compared
    too_short: dict[str, str]  # exercise -> why it is not judged
    not_compared: dict[str, list[str]] = field(default_factory=dict)  # exercise -> students (file too large)
    common_windows: dict[str, int] = field(default_factory=dict)  # exercise -> windows set aside as common
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (exercise, student) -> source, listed pairs'
    seconds: float = 0.0
    settings: dict[str, float] = field(default_factory=lambda: {
        "flag_similarity": FLAG_SIMILARITY, "min_shared_chars": MIN_SHARED_CHARS, "k": fingerprint.K,
        "common_min_students": COMMON_MIN_STUDENTS, "common_share": COMMON_SHARE})
    # How the result was reached, not what it is (two results alike are equal whatever these say):
    state: dict[str, dict] = field(default_factory=dict, compare=False)  # exercise -> pairing's state
    compared: int = field(default=0, compare=False)  # pairs compared in this run
    changed: dict[str, int] = field(default_factory=dict, compare=False)  # exercise -> students taken as changed


def find_similar(sources: dict[str, dict[str, str]], stubs: dict[str, str], exercises: list[str] | None = None,
                 references: dict[str, str] | None = None,
                 normalised: dict[str, fingerprint.Normalised] | None = None,
                 previous: dict[str, dict] | None = None) -> SimilarityResult:
    """Compare the submissions of each exercise, pair by pair where they share code.

    sources: student -> exercise -> source text. stubs: exercise -> the derived stub.
    exercises: which, in order (default: the catalog's exercises that have a stub).
    references: exercise -> reference solution, for the too-short rule (default: solutions/).
    normalised: source text -> fingerprint.normalise(text), known already; the sources tokenised here
    are added to it (each is tokenised once, however many times it is fingerprinted).
    previous: exercise -> the state an earlier triage left (result.state): only the students who changed
    since are compared again (pairing.py); the result is the same as without it.
    """
    started = time.monotonic()
    exercises = list(exercises) if exercises is not None else _catalog_exercises(stubs)
    references = references if references is not None else _references(exercises)
    result = SimilarityResult([], {}, {})
    rules = {k: v for k, v in result.settings.items() if k != "k"}
    for exercise in exercises:
        reason = shortness.too_short(references[exercise], stubs[exercise]) if exercise in references else None
        if reason:
            result.too_short[exercise] = reason
            continue
        texts = {s: files[exercise] for s, files in sources.items() if isinstance(files.get(exercise), str)}
        result.not_compared[exercise] = sorted(s for s, t in texts.items() if len(t) > MAX_SOURCE_CHARS)
        texts = {s: t for s, t in texts.items() if len(t) <= MAX_SOURCE_CHARS}
        found = pairing.find(exercise, texts, stubs[exercise], rules, normalised if normalised is not None else {},
                             (previous or {}).get(exercise))
        result.pairs += [_pair(p) for p in found.pairs]
        result.judged[exercise], result.common_windows[exercise] = found.judged, found.common
        result.state[exercise] = found.state
        result.compared += found.compared
        result.changed[exercise] = found.changed
    for pair in result.pairs:  # the report shows both files side by side
        for student in (pair.student_a, pair.student_b):
            result.texts[(pair.exercise, student)] = sources[student][pair.exercise]
    order = {name: i for i, name in enumerate(exercises)}
    result.pairs.sort(key=lambda p: (-p.similarity, order[p.exercise], p.student_a, p.student_b))
    result.not_compared = {e: s for e, s in result.not_compared.items() if s}
    result.seconds = time.monotonic() - started
    return result


def _catalog_exercises(stubs: dict[str, str]) -> list[str]:
    from grader.catalog import load

    return [e.name for e in load().exercises if e.name in stubs]


def _references(exercises: list[str]) -> dict[str, str]:
    from grader.paths import SOLUTIONS

    paths = {name: SOLUTIONS / f"{name}.py" for name in exercises}
    return {name: path.read_text(encoding="utf-8") for name, path in paths.items() if path.is_file()}


CSV_COLUMNS = ["exercise", "student_a", "student_b", "similarity_a", "similarity_b", "shared_chars", "verdict"]


def csv_text(result: SimilarityResult) -> str:
    rows = [[p.exercise, p.student_a, p.student_b, Figure(f"{p.similarity_a:.2f}"), Figure(f"{p.similarity_b:.2f}"),
             Figure(p.shared_chars), "similar: review"] for p in result.pairs]
    return escape.csv_text(CSV_COLUMNS, rows)


def write_csv(result: SimilarityResult, path) -> None:
    """OUT/similarity.csv: one row per listed pair, most similar first; written atomically."""
    atomic.write_text(path, csv_text(result))


def to_dict(result: SimilarityResult) -> dict:
    """The result as plain JSON data (the class store keeps it: see grader/classroom/report_command.py)."""
    return {
        "pairs": [{**vars(p), "spans_a": [list(s) for s in p.spans_a], "spans_b": [list(s) for s in p.spans_b]}
                  for p in result.pairs],
        "judged": result.judged, "too_short": result.too_short, "not_compared": result.not_compared,
        "common_windows": result.common_windows, "texts": [[e, s, t] for (e, s), t in result.texts.items()],
        "seconds": result.seconds, "settings": result.settings, "compared": result.compared,
        "changed": result.changed,
    }


def from_dict(data: dict) -> SimilarityResult:
    """to_dict's data back as the result it was made from."""
    pairs = [_pair(p) for p in data["pairs"]]
    return SimilarityResult(pairs, data["judged"], data["too_short"], data["not_compared"], data["common_windows"],
                            {(e, s): t for e, s, t in data["texts"]}, data["seconds"], data["settings"],
                            compared=data.get("compared", 0), changed=data.get("changed", {}))


def _pair(data: dict) -> Pair:
    return Pair(**{**data, "spans_a": tuple(tuple(s) for s in data["spans_a"]),
                   "spans_b": tuple(tuple(s) for s in data["spans_b"])})
