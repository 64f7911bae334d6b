"""The triage after a change compares only what changed, and finds exactly what a triage from scratch finds.

The classes here are made of the independent answers (tests/insight/independent.py) and their disguised
copies, drawn per student, so that some pairs are listed, most are not, and many share some code.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from copydetect import CodeFingerprint, compare_files

from grader.insight import fingerprint, similarity
from grader.insight.demo import disguise
from grader.insight.similarity import find_similar
from tests.insight.conftest import JUDGED
from tests.insight.independent import INDEPENDENT, fill

HIDE = [disguise.rename_variables, disguise.rewrite_comments, disguise.disguise_all, lambda text: text]
TOKENS: dict = {}  # source -> tokens, shared by every triage here as the class store shares them


def _triage(sources, stubs, previous=None):
    return find_similar(sources, stubs, JUDGED, normalised=TOKENS, previous=previous)


def _class(stubs, students: int, seed: int) -> dict[str, dict[str, str]]:
    rng = random.Random(seed)
    sources = {}
    for i in range(students):
        files = {}
        for exercise in JUDGED:
            styles = INDEPENDENT[exercise]
            body = styles[rng.choice(sorted(styles))]
            files[exercise] = rng.choice(HIDE)(fill(stubs[exercise], body)) + f"\n# student {i}\n"
        sources[f"s{i:03d}"] = files
    return sources


def _same(a, b) -> bool:
    return dataclasses.replace(a, seconds=0) == dataclasses.replace(b, seconds=0)


def _copydetect_print(text: str, ignored_texts: list[str]) -> CodeFingerprint:
    """copydetect's own fingerprint, its salted hashes; boilerplate collected as CopyDetector does."""
    import io

    made = [CodeFingerprint("b.py", fingerprint.K, 1, fp=io.StringIO(text)) for text in ignored_texts]
    ignored = np.unique(np.concatenate([np.array(list(p.hashes)) for p in made]))
    return CodeFingerprint("a.py", fingerprint.K, fingerprint.WINDOW, boilerplate=ignored, fp=io.StringIO(text))


@pytest.mark.parametrize("exercise", JUDGED)
def test_a_fingerprint_is_copydetects_own_up_to_the_names_of_its_hashes(copy_class, stubs, exercise):
    """Same windows kept (grouped alike), same coverage, same similarities and spans in every comparison."""
    students = ["alice", "bob renamed", "erin 'all three'", "independent six_loops" if exercise == JUDGED[0]
                else next(s for s in copy_class if s.startswith("independent") and exercise in copy_class[s])]
    texts = [copy_class[s][exercise] for s in students]
    repeated = "\n\ndef twice(a, b):\n    return a * b + b * a - a * a\n"
    texts.append(texts[0] + repeated + repeated.replace("twice", "again"))  # windows that repeat in one file
    ours = [fingerprint.fingerprint(t, fingerprint.boilerplate(stubs[exercise])) for t in texts]
    theirs = [_copydetect_print(t, [stubs[exercise]]) for t in texts]
    assert any(len(set(p.hashes)) < len(p.hashes) for p in [fingerprint.kept(fingerprint.Windows.of(t), np.array([]))
                                                              for t in texts]), "no window repeats: the rule is untried"
    for mine, own in zip(ours, theirs):
        assert sorted(map(sorted, mine.hash_idx.values())) == sorted(sorted(map(int, v)) for v in own.hash_idx.values())
        assert mine.token_coverage == own.token_coverage
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            _, sims, slices = compare_files(ours[i], ours[j])
            _, their_sims, their_slices = compare_files(theirs[i], theirs[j])
            assert np.allclose(sims, their_sims)
            assert all(np.array_equal(a, b) for a, b in zip(slices, their_slices))


def test_window_hashes_are_the_same_in_every_process(tmp_path):
    """What the class store keeps must mean the same in the next run: no per-process salt."""
    import subprocess
    import sys

    code = ("from grader.insight import fingerprint; print(fingerprint.window_hashes("
            "fingerprint.normalise('def f(x):\\n    return [x * 2 + 1 - x ** 3 for y in range(10) if y % 2]\\n')[0])"
            ".tolist())")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1 and runs != {"[]\n"}


def test_a_rerun_with_nothing_changed_compares_nothing(stubs):
    sources = _class(stubs, 24, seed=1)
    first = _triage(sources, stubs)
    again = _triage(sources, stubs, first.state)
    assert first.compared > 0 and first.pairs
    assert again.compared == 0 and sum(again.changed.values()) == 0
    assert _same(again, first)


@pytest.mark.parametrize("seed", range(3))
def test_after_any_change_the_result_is_the_one_from_scratch(stubs, seed):
    """Resubmissions, a student who leaves, newcomers, and enough copies of one answer that its windows
    become common (and stop being so when they are gone): each step's incremental result equals a
    triage from scratch."""
    rng = random.Random(seed)
    sources = _class(stubs, 24, seed=100 + seed)
    state = _triage(sources, stubs).state
    pool = _class(stubs, 24, seed=200 + seed)
    popular = fill(stubs[JUDGED[0]], INDEPENDENT[JUDGED[0]][sorted(INDEPENDENT[JUDGED[0]])[0]])
    steps = [
        lambda: sources.update({rng.choice(sorted(sources)): pool.pop(sorted(pool)[0])}),  # one resubmits
        lambda: sources.pop(rng.choice(sorted(sources))),  # one leaves
        lambda: sources.update({f"new{rng.randrange(10 ** 6)}": pool.pop(sorted(pool)[0]) for _ in range(3)}),
        lambda: [sources[s].update({JUDGED[0]: popular + f"# {s}\n"}) for s in sorted(sources)[:14]],  # common
        lambda: [sources[s].update({JUDGED[0]: pool[sorted(pool)[k]][JUDGED[0]]})
                 for k, s in enumerate(sorted(sources)[:14])],  # and no longer
    ]
    for step in steps:
        step()
        incremental = _triage(sources, stubs, state)
        scratch = _triage(sources, stubs)
        assert _same(incremental, scratch)
        assert incremental.compared <= scratch.compared
        state = incremental.state


def test_comparisons_grow_with_the_students_who_changed_not_with_the_class(stubs):
    """Each changed student is compared at most with every other judged student, once: c changed,
    n judged -> at most c * (n - 1) comparisons per exercise, where a triage from scratch compares
    every pair that shares code."""
    sources = _class(stubs, 24, seed=3)
    first = _triage(sources, stubs)
    bound = sum(n - 1 for n in first.judged.values())
    assert min(first.judged.values()) > 12  # most are judged: enough pairs to tell the two apart
    for changed in (1, 3):
        edited = {s: {e: t + "x = 1\n" for e, t in files.items()} for s, files in list(sources.items())[:changed]}
        found = _triage({**sources, **edited}, stubs, first.state)
        assert sum(found.changed.values()) == changed * len(JUDGED)
        assert 0 < found.compared <= changed * bound < first.compared


def test_a_state_left_under_other_rules_or_another_stub_is_not_used(stubs):
    sources = _class(stubs, 16, seed=4)
    state = _triage(sources, stubs).state
    other = {**stubs, JUDGED[0]: stubs[JUDGED[0]] + "\n# the stub changed\n"}
    found = _triage(sources, other, state)
    assert found.changed[JUDGED[0]] == len(sources) and found.changed[JUDGED[1]] == 0
    assert _same(found, _triage(sources, other))
    assert _triage(sources, stubs, {}).compared > 0


@pytest.mark.parametrize("flag", [0.2, 0.5, similarity.FLAG_SIMILARITY])
def test_the_shared_counts_pass_on_every_pair_copydetect_would_list(copy_class, stubs, flag):
    """The cheap count before copydetect only saves time: with every pair measured by copydetect itself
    (no index, no count), the pairs listed and their figures are the same, at thresholds low enough
    that many pairs sit near them."""
    import itertools

    from grader.insight import pairing

    rules = {k: v for k, v in similarity.SimilarityResult([], {}, {}).settings.items() if k != "k"}
    rules["flag_similarity"] = flag
    sources = {**_class(stubs, 16, seed=5), **copy_class}
    for exercise in JUDGED:
        texts = {s: f[exercise] for s, f in sources.items() if exercise in f}
        found = pairing.find(exercise, texts, stubs[exercise], rules, TOKENS)
        _, _, prints = pairing.judged_prints(texts, stubs[exercise], rules, TOKENS)
        every = [pairing._listed(exercise, a, b, prints, texts, stubs[exercise], rules)
                 for a, b in itertools.combinations(sorted(prints), 2)]
        by_name = lambda p: (p["student_a"], p["student_b"])  # noqa: E731
        assert sorted(found.pairs, key=by_name) == sorted((p for p in every if p), key=by_name)
        assert len(found.pairs) > 3


def test_characters_covered_are_counted_as_copydetect_counts_its_copied_slices():
    """Windows [start, start + K) with gaps shorter and longer than K, in several groups at once."""
    from copydetect.utils import get_copied_slices

    rng = np.random.default_rng(3)
    groups, starts = [], []
    for group in range(6):
        gaps = rng.integers(1, 2 * fingerprint.K + 2, size=40)
        starts.append(np.cumsum(gaps))
        groups.append(np.full(40, group))
    counted = fingerprint.covered(np.concatenate(groups)[::-1], np.concatenate(starts)[::-1], 7)
    for group in range(6):
        slices = get_copied_slices(starts[group], fingerprint.K)
        assert counted[group] == int(np.sum(slices[1] - slices[0]))
    assert counted[6] == 0
