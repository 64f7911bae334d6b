"""grader/escape.py: one helper per medium, each tested on what a hostile student would write."""

from __future__ import annotations

import csv
import io

import pytest

from grader import escape

SEQUENCES = {
    "colour": "\x1b[31mred\x1b[0m",
    "clear screen": "\x1b[2J\x1b[H",
    "window title": "\x1b]0;owned\x07",
    "hyperlink": "\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "one-byte CSI": "\u009b31m",
    "device query": "\x1b[6n\x1bZ",
    "backspace over text": "secret\x08\x08\x08\x08\x08\x08",
    "right-to-left override": "gnp.\u202eexe",
}


@pytest.mark.parametrize("name", SEQUENCES)
def test_terminal_text_keeps_no_control_sequence(name):
    shown = escape.terminal("before " + SEQUENCES[name] + " after")
    assert shown.startswith("before ") and shown.endswith(" after")
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f for c in shown), repr(shown)
    assert "\u202e" not in shown


def test_terminal_text_keeps_lines_and_tabs():
    assert escape.terminal("a\tb\r\nc\rd\n") == "a\tb\nc\nd\n"


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "![x](http://example.invalid/p.png)",
                                  "[a](javascript:alert(1))", "`code` *em* _u_ ~~s~~ | # h", "&lt; &#60;"])
def test_markdown_leaves_no_markup(text):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).render(escape.markdown(text))
    for tag in ("<script", "<img", "<a ", "<code", "<em", "<strong", "<s>", "<h1"):
        assert tag not in html, (text, html)
    assert html.count("<p>") == 1


def test_markdown_keeps_one_line():
    assert "\n" not in escape.markdown("a\n# heading\n\n<b>")


def test_a_markdown_block_cannot_be_closed_from_inside():
    lines = escape.markdown_block("x\n````\n<script>alert(1)</script>")
    fence = lines[0].rstrip("text")
    assert len(fence) == 5 and lines[-1] == fence
    assert all(not line.startswith(fence) for line in lines[1:-1])


def test_html_escapes_tags_and_quotes():
    assert escape.html('<a href="x">\x1b[1m') == "&lt;a href=&quot;x&quot;&gt;"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "a;=1", "a,=1", "a|=1", "a\t=1",
                                  'a; "=1"', "a,  @x", "a;-2+3"])
def test_no_csv_field_starts_a_formula_whatever_the_separator(text):
    written = escape.csv_text(["h"], [[text]])
    for separator in ",;\t|":
        for line in written.splitlines():
            for field in line.split(separator):
                assert not field.lstrip(' \t"').startswith(("=", "+", "-", "@")), (text, separator, written)


def test_csv_quotes_text_leaves_figures_bare_and_reads_back():
    written = escape.csv_text(["student", "score"], [['o"neil, jr', escape.figure(9.5)], ["b", escape.figure(None)]])
    assert written == '"student","score"\n"o""neil, jr",9.5\n"b",\n'
    assert list(csv.reader(io.StringIO(written))) == [["student", "score"], ['o"neil, jr', "9.5"], ["b", ""]]


def test_csv_cells_are_neutralised_once():
    once = escape.csv_cell("a;=1")
    assert escape.csv_cell(once) == once == "a;'=1"
