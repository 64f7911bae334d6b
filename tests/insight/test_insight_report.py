"""The report's numbers match the records: each is computed again here, independently, and read back
from the HTML; ids are escaped; statuses that are not a student's 0 are left out and said so."""

from __future__ import annotations

import re
import statistics

import pytest
from markupsafe import escape

from grader.catalog import load
from grader.insight import report
from tests.insight.factory import records as make_records

ODD = "<script>alert('x')</script> & \"quoted\""
NAMES = [f"student {i:02d}" for i in range(40)] + [ODD]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return make_records(NAMES)


@pytest.fixture(scope="module")
def page(records) -> str:
    return report.render(records, load())


def _escape(text: str) -> str:
    return str(escape(text))


def _value(page: str, key: str) -> str:
    return re.search(rf'data-key="{key}">([^<]*)<', page)[1]


def _section(page: str, name: str) -> str:
    return re.search(rf'<section id="{name}">(.*?)</section>', page, re.S)[1]


def _scored(records) -> list[float]:
    return [r["score"] for r in records if r["status"] not in ("not graded", "infra_error", "missing")]


def test_the_class_at_a_glance_matches_the_records(page, records):
    scores = _scored(records)
    assert _value(page, "students") == str(len(records))
    assert _value(page, "counted") == str(len(scores)) == str(len(records) - 3)
    assert float(_value(page, "mean")) == pytest.approx(statistics.fmean(scores), abs=0.05)
    assert float(_value(page, "median")) == pytest.approx(statistics.median(scores), abs=0.05)
    assert _value(page, "timeout") == "1" and _value(page, "infra_error") == "1" and _value(page, "not_graded") == "1"
    assert _value(page, "error") == "2"  # the error and the out-of-memory run
    glance = _section(page, "glance")
    assert "1 not graded yet" in glance and "1 with a grader failure" in glance
    # Missing work is counted apart from broken code: the half-done student and the one with nothing.
    assert _value(page, "missing") == "2" and "1 who handed in nothing" in glance


def test_histogram_counts_every_scored_student_once(page, records):
    width = 110 / 10
    expected = [0] * 10
    for score in _scored(records):
        expected[min(9, int(score // width))] += 1
    shown = [int(n) for n in re.findall(r'data-bin="\d+">(\d+)<', page)]
    assert shown == expected and sum(shown) == len(_scored(records))


def test_each_exercise_row_matches(page, records):
    for entry in load().exercises:
        results = [e for r in records for e in r["exercises"] if e["name"] == entry.name
                   and e["status"] in ("graded", "timeout", "memory", "error")]
        mean = statistics.fmean(e["score"] for e in results)
        full = sum(e["score"] >= entry.points - 1e-6 for e in results) / len(results)
        row = re.search(rf'<tr data-exercise="{entry.name}">(.*?)</tr>', page, re.S)[1]
        shown_mean = re.search(r'data-key="mean">([\d.]+) / ', row)[1]
        assert float(shown_mean) == pytest.approx(mean, abs=0.05), entry.name
        assert re.search(r'data-key="full">(\d+)%', row)[1] == f"{100 * full:.0f}", entry.name


def test_each_check_pass_rate_matches(page, records):
    for entry in load().exercises:
        block = re.search(rf'<details class="box check-rates" data-exercise="{entry.name}">(.*?)</details>', page, re.S)[1]
        counted = [e for r in records for e in r["exercises"] if e["name"] == entry.name
                   and e["status"] in ("graded", "timeout", "memory", "error")]
        names = {t["name"] for e in counted for t in e["tests"]}
        for name in names:
            tests = [t for e in counted for t in e["tests"] if t["name"] == name]
            passed = sum(t["status"] == "passed" for t in tests)
            row = re.search(rf'<tr data-check="{re.escape(_escape(name))}">(.*?)</tr>', block, re.S)[1]
            numbers = re.findall(r'class="num">([^<]*)<', row)
            assert numbers[:2] == [str(passed), str(len(tests))], (entry.name, name)
        assert "<svg" in block  # and its bar chart


def test_common_mistakes_count_students_per_exercise(page, records):
    expected: dict[str, dict[str, set]] = {}
    for r in records:
        for e in r["exercises"]:
            for t in e["tests"]:
                if t["mistake"]:
                    expected.setdefault(t["mistake"], {}).setdefault(e["name"], set()).add(r["student"])
    section = _section(page, "mistakes")
    for mistake, by_exercise in expected.items():
        row = re.search(rf'<tr data-mistake="{mistake}">(.*?)</tr>', section, re.S)[1]
        everyone = set().union(*by_exercise.values())
        assert re.search(r'class="num">(\d+)<', row)[1] == str(len(everyone))
        for exercise, students in by_exercise.items():
            assert f"{len(students)} in {exercise[:4]}" in row
            for student in students:  # each links to the student's row
                assert f">{_escape(student)}</a>" in row


def test_attention_lists_follow_their_rules(page, records):
    section = _section(page, "attention")
    assert "student 01" in re.search(r'<table id="problems">(.*?)</table>', section, re.S)[1]
    infra = re.search(r'<table id="infra">(.*?)</table>', section, re.S)[1]
    assert "student 04" in infra and "ex05" in infra
    assert "student 05" in section.split("Not graded yet", 1)[1]
    scored = sorted((r["score"], r["student"]) for r in records if r["status"] not in ("not graded", "infra_error")
                    and r["score"] > 0)
    lowest = re.findall(r'>([^<]+)</a></td><td class="num">', re.search(r'<table id="lowest">(.*?)</table>', section, re.S)[1])
    assert lowest == [_escape(s) for _, s in scored[:10]]


def test_student_ids_are_escaped_everywhere(page):
    assert "<script" not in page
    assert _escape(ODD) in page


def test_links_point_to_rows_that_exist(page):
    targets = set(re.findall(r'href="#(s-\d+)"', page))
    ids = set(re.findall(r'<tr id="(s-\d+)"', page))
    assert targets and targets <= ids


def test_nothing_is_fetched_and_the_page_is_stable(page, records):
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script" not in page and "<link" not in page
    assert "default-src 'none'" in page
    assert report.render(records, load()) == page  # same records, same bytes


def test_similarity_off_is_said_and_write_is_atomic(records, tmp_path):
    page = report.render(records, load(), similarity=None)
    assert "Similarity triage was turned off" in page
    report.write(tmp_path / "report.html", page)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page


def test_exercises_come_from_the_catalog_not_the_records(records):
    odd = [dict(r, exercises=r["exercises"] + [{"name": "ex99_uploaded", "title": "not ours", "status": "graded",
                                                "score": 99.0, "max_score": 99.0, "tests": []}]) for r in records]
    page = report.render(odd, load())
    assert "ex99" not in page and "not ours" not in page


def test_write_all_writes_both_files_and_drops_a_stale_csv(records, tmp_path, copy_class, stubs):
    from grader.insight import outputs

    written = outputs.write_all(tmp_path, records, load(), copy_class, stubs)
    assert sorted(p.name for p in written) == ["report.html", "similarity.csv"]
    assert "similar: review" in (tmp_path / "report.html").read_text(encoding="utf-8")
    written = outputs.write_all(tmp_path, records, load(), copy_class, stubs, with_similarity=False)
    assert [p.name for p in written] == ["report.html"] and not (tmp_path / "similarity.csv").exists()


def test_time_per_exercise_shows_the_medians_and_maxima(page, records):
    section = _section(page, "timing")
    for entry in load().exercises:
        # a missing exercise ran nothing: it has no time to count
        runs = [e for r in records for e in r["exercises"] if e["name"] == entry.name and e.get("status") != "missing"]
        row = re.search(rf'<tr data-exercise="{entry.name}">(.*?)</tr>', section, re.S)[1]
        cells = [float(c.removesuffix(" s")) for c in re.findall(r'class="num">([^<]*)<', row)]
        code_median, code_max = statistics.median(e["seconds"] for e in runs), max(e["seconds"] for e in runs)
        checks_median = statistics.median(e["check_seconds"] for e in runs)
        assert cells[0] == pytest.approx(code_median, abs=0.006) and cells[2] == pytest.approx(code_max, abs=0.006)
        assert cells[3] == pytest.approx(checks_median, abs=0.006)
