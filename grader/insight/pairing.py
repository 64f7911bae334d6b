"""One exercise's pairs of alike submissions, found again after a change by comparing only what changed.

A triage of one exercise (see similarity.py for the rule) is made of three steps:

    own code   each submission's windows, the stub's set aside; enough left over to be judged at all
    common     windows more than max(10, 20% of those) submissions share: the obvious way to write a line
    pairs      the judged submissions, those windows set aside too, compared two by two

Whether two submissions a and b are listed depends only on their two texts, the stub, and which of
their own windows are common. So a triage leaves a state behind (plain JSON: each student's text
hash, the common windows, the pairs listed) and the next one, under the same stub and rules,

    - takes as changed every student whose text is new or different, and every student holding a
      window that became common or stopped being common (the class around them moved);
    - keeps every listed pair of two unchanged students, and drops the pairs of students who left;
    - compares each changed student with the judged students sharing at least one window with them,
      found through an index of windows (sorted hashes), never with the whole class: first by counting
      shared characters for all of them at once (numpy), then with copydetect for the pairs that
      count could list.

Comparisons made grow with the number of changed students, not with the square of the class; what
grows with the class is tokenising nothing (the store keeps tokens), hashing every text's windows
and sorting them (numpy, linear). A first triage, or one without a valid state, changes everyone:
the same code then compares every pair that shares a window, as copydetect's detector does.
The result is exactly that of a triage from scratch (tests/insight/test_insight_pairing.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np

from grader.insight import fingerprint, spans

STATE_VERSION = 1  # bump when a rule below changes what a state means


@dataclass
class Found:
    pairs: list[dict]  # the listed pairs, as Pair's fields (spans as lists)
    judged: int  # submissions with code of their own, compared
    common: int  # windows set aside as common
    compared: int  # pairs compared in this run (the incremental work)
    changed: int  # students taken as changed
    state: dict  # what the next triage of this exercise starts from


def find(exercise: str, texts: dict[str, str], stub: str, rules: dict, normalised: dict,
         previous: dict | None = None) -> Found:
    """texts: student -> source; rules: similarity's thresholds; normalised: source -> tokens (filled
    in for the sources tokenised here); previous: the state a triage of this exercise left, if any."""
    key = text_hash(json.dumps([STATE_VERSION, fingerprint.K, stub, rules], sort_keys=True))
    previous = previous if previous is not None and previous.get("key") == key else None
    shas = {student: text_hash(text) for student, text in texts.items()}
    first, common, prints = judged_prints(texts, stub, rules, normalised)
    changed = _changed(previous, shas, first, common)
    kept_pairs = [] if previous is None else [
        p for p in previous["pairs"]
        if p["student_a"] in texts and p["student_b"] in texts
        and p["student_a"] not in changed and p["student_b"] not in changed]
    new_pairs, compared = _compare(exercise, prints, changed, texts, stub, rules)
    pairs = kept_pairs + new_pairs
    state = {"key": key, "students": shas, "common": common.tolist(), "pairs": pairs}
    return Found(pairs, len(prints), len(common), compared, len(changed), state)


def judged_prints(texts: dict[str, str], stub: str, rules: dict, normalised: dict):
    """(first, common, prints): the fingerprints with enough code beyond the stub; the common windows
    among them; the fingerprints without those either, of the submissions still judged."""
    stub_windows = fingerprint.boilerplate(stub)
    first = {}
    for student, text in texts.items():
        if text not in normalised:
            normalised[text] = fingerprint.normalise(text)
        made = fingerprint.kept(fingerprint.Windows.of(text, normalised[text]), stub_windows)
        if made.own >= rules["min_shared_chars"]:
            first[student] = made
    common = _common(first, rules)
    prints = first
    if len(common):  # fingerprint again without them: copydetect drops boilerplate while winnowing
        ignored = np.union1d(stub_windows, common)
        prints = {s: fingerprint.kept(p.windows, ignored) for s, p in first.items()}
    return first, common, {s: p for s, p in prints.items() if p.own >= rules["min_shared_chars"]}


def _changed(previous: dict | None, shas: dict[str, str], first: dict, common: np.ndarray) -> set[str]:
    if previous is None:
        return set(shas)
    known = previous["students"]
    changed = {s for s, sha in shas.items() if known.get(s) != sha}
    moved = np.setxor1d(np.asarray(previous["common"], dtype=np.int64), common)
    if len(moved):  # their own code is measured against other common windows now
        changed |= {s for s, p in first.items() if np.isin(p.unique, moved, assume_unique=True).any()}
    return changed


def _common(prints: dict, rules: dict) -> np.ndarray:
    """Windows found in more submissions than the limit (each submission counted once per window)."""
    if not prints:
        return np.empty(0, dtype=np.int64)
    limit = max(rules["common_min_students"], rules["common_share"] * len(prints))
    values, counts = np.unique(np.concatenate([p.unique for p in prints.values()]), return_counts=True)
    return values[counts > limit]


def _compare(exercise: str, prints: dict, changed: set[str], texts: dict, stub: str, rules: dict):
    """The listed pairs among those with a changed student, and how many pairs were compared.

    For each changed student a, every other judged student b sharing a window is measured at once
    (numpy: the characters of a, then of b, that shared windows cover, as copydetect counts them);
    copydetect's own comparison then runs only for the pairs those counts could list, and decides."""
    dirty = sorted(s for s in prints if s in changed)
    if not dirty:
        return [], 0
    names = sorted(prints)
    number = {name: i for i, name in enumerate(names)}
    is_changed = np.array([name in changed for name in names])
    owner = np.concatenate([np.full(len(prints[s].unique), i) for i, s in enumerate(names)])
    hashes = np.concatenate([prints[s].unique for s in names])
    order = np.argsort(hashes, kind="stable")
    hashes, owner = hashes[order], owner[order]
    found, compared = [], 0
    for a in dirty:
        mine, me = prints[a], number[a]
        starts = np.searchsorted(hashes, mine.hashes, "left")
        counts = np.searchsorted(hashes, mine.hashes, "right") - starts
        rows = np.repeat(np.arange(len(mine.hashes)), counts)
        who = owner[_ranges(starts, counts)]
        # not a itself; a pair of two changed students once, from the first of them
        keep = (who != me) & ~(is_changed[who] & (who < me))
        rows, who = rows[keep], who[keep]
        shared_mine = fingerprint.covered(who, mine.idx[rows], len(names))
        others = np.unique(who)
        compared += len(others)
        hopeful = others[shared_mine[others] >= rules["min_shared_chars"]]
        if not len(hopeful):
            continue
        theirs = _covered_by(hopeful, names, prints, mine.unique)
        for b_index in hopeful:
            b = names[b_index]
            shares = shared_mine[b_index] / max(mine.own, 1), theirs[b_index] / max(prints[b].own, 1)
            if max(shares) < rules["flag_similarity"] - 1e-6 or theirs[b_index] < rules["min_shared_chars"]:
                continue
            first, second = sorted((a, b))
            listed = _listed(exercise, first, second, prints, texts, stub, rules)
            if listed is not None:
                found.append(listed)
    return found, compared


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Every index of the ranges [start, start + count), one after another."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(starts, counts)


def _covered_by(chosen: np.ndarray, names: list[str], prints: dict, wanted: np.ndarray) -> np.ndarray:
    """For each chosen student: the characters their windows found in `wanted` cover."""
    made = [prints[names[i]] for i in chosen]
    group = np.repeat(chosen, [len(p.hashes) for p in made])
    values = np.concatenate([p.hashes for p in made])
    starts = np.concatenate([p.idx for p in made])
    hit = np.isin(values, wanted)
    return fingerprint.covered(group[hit], starts[hit], len(names))


def _listed(exercise: str, a: str, b: str, prints: dict, texts: dict, stub: str, rules: dict) -> dict | None:
    found = fingerprint.overlap(prints[a], prints[b])
    shared = min(found.shared_a, found.shared_b)
    if max(found.similarity_a, found.similarity_b) < rules["flag_similarity"] or shared < rules["min_shared_chars"]:
        return None
    return {"exercise": exercise, "student_a": a, "student_b": b, "similarity_a": round(found.similarity_a, 4),
            "similarity_b": round(found.similarity_b, 4), "shared_chars": shared,
            "spans_a": [list(s) for s in spans.without_stub_lines(found.spans_a, texts[a], stub)],
            "spans_b": [list(s) for s in spans.without_stub_lines(found.spans_b, texts[b], stub)]}


def text_hash(text: str) -> str:
    """A source's name in the state, and in the class store's table of tokens."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
