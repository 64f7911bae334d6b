"""Hostile student ids, file names and printed text through every export the kit writes.

gradebook.csv, nbgrader_export.csv, similarity.csv, feedback.md, results.json and report.html are
written from records as `grader class` writes them; feedback.md is then rendered by two Markdown
renderers (CommonMark with raw HTML allowed, and Python-Markdown) and opened in Chromium, as is
report.html: no script runs, no request leaves, no element comes from a student's text.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from grader.catalog import load
from grader.classroom import exports
from grader.classroom.exports import nbgrader as nbgrader_export
from grader.derive import stub_source
from grader.insight import outputs
from grader.paths import SOLUTIONS

EXERCISE = "ex07_conv2d_loops"
# Usable ids (grader.submission.invalid_student_id lets them through): markup, links and formulas.
HOSTILE_IDS = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(2)>",
    "![pixel](x.png)",
    "[click](javascript:alert(3))",
    "`<iframe srcdoc=x>`",
    '=HYPERLINK("http:x","y")',
    "a;=cmd()",
    "b|@SUM(A1)",
    'c, "+1"',
    "d\u00a0-2+3",
]
HOSTILE_FILES = ["<img src=y onerror=alert(4)>.py", "`` <svg onload=alert(5)> ``", "](javascript:alert(6))",
                 "\x1b]8;;x.png\x07evil\x1b]8;;\x07.txt", "x\n<svg onload=alert(7)>", "<script>alert(8)<\u2215script>"]
HOSTILE_TEXT = ("\x1b[2J\x1b]0;owned\x07\u009b31mred ``` </pre><script>alert(9)</script> ~~~\n"
                "```\n<img src=z onerror=alert(10)>\n")
FORMULA = re.compile(r"^[=+\-@]")


def _record(student: str) -> dict:
    test = {"name": "matches_torch[basic]", "status": "failed", "message": HOSTILE_TEXT, "score": 0.0,
            "max_score": 5.0, "mistake": None, "hidden": False}
    exercise = {"name": EXERCISE, "title": "t", "status": "graded", "score": 5.0, "max_score": 10.0,
                "tests": [test, {**test, "name": "ok", "status": "passed", "message": "", "score": 5.0}],
                "output": HOSTILE_TEXT, "seconds": 0.1, "check_seconds": 0.1}
    return {"status": "graded", "score": 5.0, "max_score": 10.0, "device": "cpu", "seed": None, "isolation": "",
            "exercises": [exercise], "extra_files": HOSTILE_FILES, "seconds": 0.2, "infra": "",
            "student": student, "submission": student, "meta": {"submitted": {"week1": "2026-01-01 10:00:00"}}}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-exports")
    records = [_record(s) for s in HOSTILE_IDS]
    exports.write_all(out, records, [EXERCISE], {"week1": [EXERCISE]})
    solution = (SOLUTIONS / f"{EXERCISE}.py").read_text(encoding="utf-8")
    sources = {s: {EXERCISE: solution} for s in HOSTILE_IDS}  # all alike: every pair is listed
    stubs = {EXERCISE: stub_source(solution, EXERCISE)}
    outputs.write_all(out, records, load(), sources, stubs, with_similarity=True)
    return out


@pytest.mark.parametrize("name", ["gradebook.csv", nbgrader_export.FILE, "similarity.csv"])
def test_no_csv_cell_starts_a_formula_whatever_the_separator(written, name):
    text = (written / name).read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert len(rows) > len(HOSTILE_IDS) - 1, "a student's row is missing"
    for separator in ",;\t|":  # however a spreadsheet splits the line, no field is a formula
        for line in text.splitlines():
            for field in line.split(separator):
                assert not FORMULA.match(field.lstrip(' \t"')), (name, separator, line)
    assert "\x1b" not in text


def test_every_student_keeps_a_row_in_the_gradebook(written):
    rows = list(csv.DictReader((written / "gradebook.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == len(HOSTILE_IDS)
    assert {r["student"] for r in rows} >= {s for s in HOSTILE_IDS if not re.search(r"(^|[,;|])\W*[=+\-@]", s)}


def test_results_json_carries_no_control_sequence(written):
    for student in HOSTILE_IDS:
        text = (written / "students" / student / "results.json").read_text(encoding="utf-8")
        results = json.loads(text)
        assert results["tests"][0]["output"].startswith("red ``` </pre>")  # the text itself stays
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", json.dumps(results, ensure_ascii=False))


def _markdown_pages(written) -> dict[str, str]:
    """{renderer: one HTML body of every student's feedback.md, each in a section of its own}."""
    import markdown
    from markdown_it import MarkdownIt

    pages = {"commonmark": [], "python-markdown": []}
    for index, student in enumerate(HOSTILE_IDS):
        text = (written / "students" / student / "feedback.md").read_text(encoding="utf-8")
        assert "\x1b" not in text and "\u009b" not in text
        pages["commonmark"].append(MarkdownIt("commonmark", {"html": True}).enable("table").render(text))
        pages["python-markdown"].append(markdown.markdown(text, extensions=["fenced_code", "tables"]))
    return {name: "".join(f"<section id=s{i}>{body}</section>" for i, body in enumerate(bodies))
            for name, bodies in pages.items()}


ACTIVE = "script, img, svg, iframe, object, embed, video, audio, link, a[href^='javascript' i], [onerror], [onload]"


def _open(browser, path):
    """(page, dialogs, requests) for a file opened with every request other than itself refused."""
    context = browser.new_context()
    context.route(lambda url: url != path.as_uri(), lambda route: route.abort())
    page = context.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # an onerror handler runs after the failed load
    return context, page, dialogs, requests


@pytest.mark.parametrize("renderer", ["commonmark", "python-markdown"])
def test_feedback_markdown_renders_with_no_script_and_no_request(written, browser, tmp_path, renderer):
    body = _markdown_pages(written)[renderer]
    path = tmp_path / f"{renderer}.html"
    path.write_text(f"<!doctype html><meta charset=utf-8><body>{body}</body>", encoding="utf-8")
    context, page, dialogs, requests = _open(browser, path)
    try:
        assert dialogs == [], dialogs
        assert requests == [path.as_uri()], requests
        assert page.locator(ACTIVE).count() == 0, body
        for index, student in enumerate(HOSTILE_IDS):  # each id shows as written, as text
            heading = page.inner_text(f"#s{index} h1").replace("\u00a0", " ")
            assert heading == f"Feedback for {student}".replace("\u00a0", " "), heading
    finally:
        context.close()


def test_report_html_runs_no_script_and_makes_no_request(written, browser):
    path = written / "report.html"
    context, page, dialogs, requests = _open(browser, path)
    try:
        assert dialogs == [] and requests == [path.as_uri()]
        assert page.locator("script, img, iframe, [onerror], [onload], a[href^='javascript' i]").count() == 0
        assert "<img src=x onerror=alert(1)>" in page.inner_text("body")
    finally:
        context.close()
