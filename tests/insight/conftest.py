"""Fixtures of the insight tests: the kit's stubs and solutions, and a class with known copies.

The class is built here, from the real solutions and stubs, so every test knows exactly which pairs
are copies and which are independent work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.catalog import load
from grader.derive import stub_source
from grader.paths import SOLUTIONS
from grader.insight.demo import disguise
from tests.insight.independent import INDEPENDENT, fill

REPO_ROOT = Path(__file__).resolve().parents[2]
NAMES = [e.name for e in load().exercises]
JUDGED = ["ex07_conv2d_loops", "ex08_conv2d_unfold", "ex09_conv_relu_from_scratch"]
COPIERS = ["bob renamed", "carol reordered", "dave <comments> & co", "erin 'all three'"]  # odd ids on purpose


@pytest.fixture(scope="session")
def stubs() -> dict[str, str]:
    return {name: stub_source((SOLUTIONS / f"{name}.py").read_text(), name) for name in NAMES}


@pytest.fixture(scope="session")
def solutions() -> dict[str, str]:
    return {name: (SOLUTIONS / f"{name}.py").read_text() for name in NAMES}


@pytest.fixture(scope="session")
def copy_class(stubs, solutions) -> dict[str, dict[str, str]]:
    """student -> exercise -> source. alice solves everything; bob, carol, dave and erin copy her,
    each hiding it another way; frank copies one independent student; the `independent ...` students
    solve ex03/ex07/ex08/ex09 each in their own style and hand in the reference for the short
    exercises, as everyone who gets those right does; two students hand in the untouched stubs."""
    short = {name: solutions[name] for name in NAMES if name not in INDEPENDENT}
    disguises = {
        "bob renamed": disguise.rename_variables,
        "carol reordered": _reorder_where_possible,
        "dave <comments> & co": disguise.rewrite_comments,
        "erin 'all three'": disguise.disguise_all,
    }
    sources = {"alice": dict(solutions)}
    for student, hide in disguises.items():
        sources[student] = {name: hide(text) for name, text in solutions.items()}
    for exercise, styles in INDEPENDENT.items():
        for style, bodies in styles.items():
            sources.setdefault(f"independent {style}", dict(short))[exercise] = fill(stubs[exercise], bodies)
    six_loops = sources["independent six_loops"]["ex07_conv2d_loops"]
    sources["frank"] = {**short, "ex07_conv2d_loops": disguise.disguise_all(six_loops)}
    sources["stub one"] = dict(stubs)
    sources["stub two"] = dict(stubs)
    # A stub with the same obvious first line added: code of its own, but far too little to judge.
    first_line = "    n, c_in, h, w = x.shape\n"
    for student in ("started one", "started two"):
        sources[student] = {"ex07_conv2d_loops": stubs["ex07_conv2d_loops"].replace(
            '    raise NotImplementedError', first_line + '    raise NotImplementedError')}
    return sources


def _reorder_where_possible(source: str) -> str:
    try:
        return disguise.reorder_functions(source)
    except ValueError:  # one function only: the copier has nothing to reorder
        return source


@pytest.fixture(scope="session")
def report_file(tmp_path_factory, copy_class, stubs) -> Path:
    """report.html of the copy class (records drawn for the same students) with its similarity triage."""
    from grader.insight import report
    from grader.insight.similarity import find_similar
    from tests.insight.factory import records

    found = find_similar(copy_class, stubs)
    path = tmp_path_factory.mktemp("report") / "report.html"
    report.write(path, report.render(records(sorted(copy_class)), load(), found, title="Test class"))
    return path


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = REPO_ROOT / "build" / "screenshots" / "report"  # git-ignored
    folder.mkdir(parents=True, exist_ok=True)
    return folder
