"""Docs code is real code: every Python block on the site is a repository file, and those files run."""

import re
import runpy
from pathlib import Path

import pytest

SNIPPETS = sorted((Path(__file__).resolve().parents[2] / "site_tools" / "snippets").glob("*.py"))
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>[^"]+)"\s*$')


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[path.stem for path in SNIPPETS])
def test_snippet_runs_and_its_asserts_hold(snippet, capsys):
    runpy.run_path(str(snippet), run_name="__main__")
    assert capsys.readouterr().out, "a snippet prints what it shows"


def test_every_python_block_on_the_site_is_an_included_file(pages):
    for page, text in pages.items():
        for block in FENCE.finditer(text):
            if block["lang"] not in ("python", "py", "pycon"):
                continue
            lines = [line for line in block["body"].splitlines() if line.strip()]
            assert lines and all(INCLUDE.match(line) for line in lines), (
                f"{page}: a Python block is pasted; put the code in site_tools/snippets/ and include it:\n"
                f"{block['body']}"
            )


def test_every_snippet_is_shown_on_some_page(pages):
    included = {match["path"] for text in pages.values() for match in map(INCLUDE.match, text.splitlines()) if match}
    unused = [path.name for path in SNIPPETS if f"site_tools/snippets/{path.name}" not in included]
    assert not unused, f"snippets no page includes: {unused}"
