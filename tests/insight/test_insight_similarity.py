"""The similarity triage flags disguised copies and nothing else: not stubs, not independent work,
not the exercises too short to judge."""

from __future__ import annotations

import csv
import itertools

import pytest

from grader.insight import similarity
from grader.insight.similarity import find_similar
from tests.insight.conftest import COPIERS, NAMES, JUDGED


@pytest.fixture(scope="module")
def result(copy_class, stubs):
    return find_similar(copy_class, stubs)


def _flagged(result) -> set[tuple[str, str, str]]:
    return {(p.exercise, p.student_a, p.student_b) for p in result.pairs}


def test_exactly_the_copies_are_flagged(result):
    """alice and her four disguised copiers pair up in each judged exercise, frank with the student
    he copied in ex07; no independent student, no stub, no short exercise appears."""
    ring = sorted(["alice", *COPIERS])
    expected = {(exercise, a, b) for exercise in JUDGED for a, b in itertools.combinations(ring, 2)}
    expected.add(("ex07_conv2d_loops", "frank", "independent six_loops"))
    assert _flagged(result) == expected


@pytest.mark.parametrize("copier", COPIERS)
def test_each_disguise_is_seen_through(result, copier):
    for exercise in JUDGED:
        pair = next(p for p in result.pairs if p.exercise == exercise and {p.student_a, p.student_b} == {"alice", copier})
        assert pair.similarity >= similarity.FLAG_SIMILARITY
        assert pair.shared_chars >= similarity.MIN_SHARED_CHARS


def test_short_exercises_are_not_judged_and_say_why(result):
    assert set(result.too_short) == set(NAMES) - set(JUDGED)
    assert "values" in result.too_short["ex10_interview_questions"]
    assert "values" in result.too_short["ex02_predict_shapes"]
    assert "short" in result.too_short["ex01_conv_relu_layer"]
    assert not any(p.exercise in result.too_short for p in result.pairs)


def test_stubs_and_barely_started_files_are_not_compared(result, copy_class):
    """Code of the stub is boilerplate: untouched stubs have nothing of their own to compare."""
    with_code = {s for s, files in copy_class.items() if "ex07_conv2d_loops" in files}
    assert result.judged["ex07_conv2d_loops"] == len(with_code) - 4  # two stubs, two started
    names = {name for p in result.pairs for name in (p.student_a, p.student_b)}
    assert not names & {"stub one", "stub two", "started one", "started two"}


def test_independent_solutions_stay_below_the_threshold(copy_class, stubs):
    """Measured directly: the most alike independent pair is well under the line, the least alike copy
    well over it; this is the margin the threshold was chosen in."""
    independent = {s: f for s, f in copy_class.items() if s.startswith("independent") or s == "alice"}
    result = find_similar(independent, stubs)
    assert result.pairs == []
    copies = find_similar({s: copy_class[s] for s in ["alice", *COPIERS]}, stubs)
    assert min(p.similarity for p in copies.pairs) >= 0.85


def test_shared_spans_mark_the_answer_not_the_stub(result, copy_class):
    pair = next(p for p in result.pairs if p.exercise == "ex07_conv2d_loops" and p.student_a == "alice"
                and p.student_b == "bob renamed")
    text = copy_class["alice"]["ex07_conv2d_loops"]
    marked = "".join(text[start:end] for start, end in pair.spans_a)
    assert "einsum" in marked and "F.pad" in marked
    assert "Return the 2-D cross-correlation" not in marked  # the docstring came with the stub
    other = copy_class["bob renamed"]["ex07_conv2d_loops"]
    assert all(0 <= s < e <= len(other) for s, e in pair.spans_b)


def test_code_that_many_students_share_is_common_not_copied(stubs, solutions):
    """As MOSS does: a passage in more than max(10, 20 %) of submissions is the obvious way to write
    it (or the lecture's example), so it is set aside like the stub; a rarer shared answer still shows."""
    sources = {f"student {i:02d}": {"ex07_conv2d_loops": solutions["ex07_conv2d_loops"]} for i in range(12)}
    from tests.insight.independent import INDEPENDENT, fill

    rare = fill(stubs["ex07_conv2d_loops"], INDEPENDENT["ex07_conv2d_loops"]["stack_rows"])
    sources["rare one"] = {"ex07_conv2d_loops": rare}
    sources["rare two"] = {"ex07_conv2d_loops": rare.replace("rows", "lines")}
    result = find_similar(sources, stubs, exercises=["ex07_conv2d_loops"])
    assert _flagged(result) == {("ex07_conv2d_loops", "rare one", "rare two")}
    assert result.common_windows["ex07_conv2d_loops"] > 0


def test_exercises_come_from_the_argument_in_its_order(copy_class, stubs):
    result = find_similar(copy_class, stubs, exercises=["ex09_conv_relu_from_scratch", "ex01_conv_relu_layer"])
    assert {p.exercise for p in result.pairs} == {"ex09_conv_relu_from_scratch"}
    assert list(result.too_short) == ["ex01_conv_relu_layer"]


def test_a_huge_file_is_left_out_and_named(stubs, solutions):
    sources = {"alice": {"ex07_conv2d_loops": solutions["ex07_conv2d_loops"]},
               "bob": {"ex07_conv2d_loops": solutions["ex07_conv2d_loops"] + "#" * similarity.MAX_SOURCE_CHARS}}
    result = find_similar(sources, stubs, exercises=["ex07_conv2d_loops"])
    assert result.not_compared == {"ex07_conv2d_loops": ["bob"]}
    assert result.pairs == []


def test_csv_lists_every_pair_and_survives_odd_names(result, tmp_path):
    path = tmp_path / "similarity.csv"
    similarity.write_csv(result, path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == similarity.CSV_COLUMNS
    assert {(r["exercise"], r["student_a"], r["student_b"]) for r in rows} == _flagged(result)
    assert {r["verdict"] for r in rows} == {"similar: review"}
    assert [float(r["similarity_a"]) for r in rows][:1] == [round(result.pairs[0].similarity_a, 2)]
    assert [p.name for p in tmp_path.iterdir()] == ["similarity.csv"]  # no temporary file left behind


def test_the_result_kept_in_the_class_store_reads_back_as_it_was(result):
    """`grader class` keeps the triage's result in its store as JSON and reuses it while nothing changed."""
    import json

    assert similarity.from_dict(json.loads(json.dumps(similarity.to_dict(result)))) == result


def test_a_source_tokenised_once_is_never_tokenised_again(copy_class, stubs, solutions, result, monkeypatch):
    """The class store keeps each source's tokens: a triage given them finds exactly what it finds alone.
    (The references are tokenised for the too-short rule, whoever hands one in.)"""
    import dataclasses

    from grader.insight import fingerprint

    kept = {}
    first = find_similar(copy_class, stubs, normalised=kept)
    submitted = {text for files in copy_class.values() for text in files.values()}
    assert kept and set(kept) <= submitted
    tokenise = fingerprint.normalise
    again_kept = set(kept) - set(solutions.values())
    monkeypatch.setattr(fingerprint, "normalise", lambda text: pytest.fail("a kept source was tokenised again")
                        if text in again_kept else tokenise(text))
    again = find_similar(copy_class, stubs, normalised=dict(kept))
    assert dataclasses.replace(first, seconds=0) == dataclasses.replace(again, seconds=0) == \
        dataclasses.replace(result, seconds=0)
