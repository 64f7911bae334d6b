"""OUT/report.html: the instructor's view of a graded class, one self-contained file.

render() turns the plain result records into HTML: the class at a glance, per-exercise and per-check
pass rates, the common named mistakes, the students who need attention, the similarity triage and the
time spent per exercise. The page has no script and fetches nothing: styles are inline, plots are
inline SVG, and a Content-Security-Policy forbids any request. Jinja2 escapes every value.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from grader.escape import terminal
from grader.insight import atomic, view
from grader.insight.similarity import SimilarityResult

DEFAULT_TITLE = "Class insight"


def render(records: list[dict], catalog, similarity: SimilarityResult | None = None,
           title: str = DEFAULT_TITLE) -> str:
    """The report as one HTML document. catalog: grader.catalog.load(); similarity: find_similar's
    result, or None when the triage was turned off."""
    return _environment().get_template("report.html.j2").render(view.build(records, catalog, similarity, title))


def write(path: Path, html: str) -> None:
    """Write the report atomically: a browser never opens half a file."""
    atomic.write_text(Path(path), html)


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("grader.insight", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                      trim_blocks=False, lstrip_blocks=False, finalize=_shown)
    env.filters.update(num=_num, pct=_pct, secs=_secs, late=_late)
    return env


def _shown(value):
    """Every value the page shows: text without control sequences; autoescape then writes it as HTML."""
    return terminal(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def _num(value: float | None, digits: int = 1) -> str:
    """95, 95.5 or 95.25 as written, without trailing zeros; a dash when there is no number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f}%"


def _late(seconds: float) -> str:
    from grader.classroom.lateness import late_text

    return late_text(seconds)


def _secs(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.0f} s"
