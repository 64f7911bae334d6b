"""The report's plots, drawn by matplotlib as SVG text to inline in the page (nothing to fetch).

matplotlib's object API (Figure, no pyplot): no global state, no GUI backend, safe in a worker.
Text stays text (svg.fonttype none: the page's font, small files, searchable); each figure gets its own
hash salt so element ids never collide between figures inlined in one page, and the same data gives
the same bytes.
"""

from __future__ import annotations

import html
import io
import re

import matplotlib
from matplotlib.figure import Figure

from grader.insight.stats import ExerciseStats

BLUE, ORANGE, GREY = "#3467a8", "#d9822b", "#9aa5b1"
# Inches at 72 pt: 331 pt fits a 390 px phone's column unscaled (inside a box too), so the
# charts' 12 pt text stays at least 12 CSS px there; wider screens scale it up.
WIDTH = 4.6
FONT = 12


def score_histogram(bins: list[tuple[float, float, int]], max_score: float) -> str:
    figure = Figure(figsize=(WIDTH, 2.8))
    axes = figure.add_subplot()
    lows = [low for low, _, _ in bins]
    counts = [n for _, _, n in bins]
    width = bins[0][1] - bins[0][0] if bins else 1.0
    bars = axes.bar(lows, counts, width=width * 0.92, align="edge", color=BLUE)
    axes.bar_label(bars, labels=[str(n) if n else "" for n in counts], fontsize=FONT)
    axes.set_xlim(0, max_score)
    axes.set_xlabel(f"score (of {max_score:g})")
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _svg(figure, "histogram", "Histogram of the class's scores")


def exercise_overview(exercises: list[ExerciseStats]) -> str:
    figure = Figure(figsize=(WIDTH, 0.42 * len(exercises) + 1.3))
    axes = figure.add_subplot()
    rows = list(range(len(exercises)))[::-1]  # the first exercise on top
    mean = [100 * (e.mean or 0) / e.points if e.points else 0 for e in exercises]
    full = [100 * (e.full_share or 0) for e in exercises]
    axes.barh([r + 0.2 for r in rows], mean, height=0.38, color=BLUE, label="mean points (% of the exercise)")
    axes.barh([r - 0.2 for r in rows], full, height=0.38, color=ORANGE, label="students with full marks (%)")
    axes.set_yticks(rows, [e.number for e in exercises])
    axes.set_xlim(0, 100)
    axes.set_xlabel("%")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=1, frameon=False, fontsize=FONT)
    return _svg(figure, "exercises", "Mean points and share of full marks per exercise")


def check_rates(exercise: ExerciseStats) -> str:
    checks = exercise.checks
    figure = Figure(figsize=(WIDTH, 0.3 * len(checks) + 0.9))
    axes = figure.add_subplot()
    rows = list(range(len(checks)))[::-1]
    rates = [100 * c.rate for c in checks]
    bars = axes.barh(rows, rates, height=0.7, color=[GREY if c.hidden else BLUE for c in checks])
    axes.bar_label(bars, labels=[f"{r:.0f} %" for r in rates], padding=3, fontsize=FONT)
    # Short labels: the table below the chart has every check's whole name.
    axes.set_yticks(rows, [_short(c.name, 20) + (" (h)" if c.hidden else "") for c in checks], fontsize=FONT)
    axes.set_xlim(0, 125)  # room for the labels after a full bar
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel("students who pass (%)")
    return _svg(figure, f"checks-{exercise.number}", f"Pass rate of each check of {exercise.name}")


def timing(exercises: list[ExerciseStats], medians: list[tuple[float, float]]) -> str:
    """Stacked bars: the median time of the student's code and of the grader's checks, per exercise."""
    figure = Figure(figsize=(WIDTH, 0.36 * len(exercises) + 1.3))
    axes = figure.add_subplot()
    rows = list(range(len(exercises)))[::-1]
    code = [m[0] for m in medians]
    checks = [m[1] for m in medians]
    axes.barh(rows, code, height=0.6, color=BLUE, label="student's code (median)")
    axes.barh(rows, checks, left=code, height=0.6, color=ORANGE, label="grader's checks (median)")
    axes.set_yticks(rows, [e.number for e in exercises])
    axes.set_xlabel("seconds per student")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=1, frameon=False, fontsize=FONT)
    return _svg(figure, "timing", "Median seconds per exercise: student's code and grader's checks")


def _short(name: str, limit: int = 48) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _svg(figure: Figure, key: str, label: str) -> str:
    for axes in figure.axes:
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(labelsize=FONT)  # made before rc_context below: their size is set here
        axes.xaxis.label.set_fontsize(FONT)
        axes.yaxis.label.set_fontsize(FONT)
    figure.set_layout_engine("constrained")
    buffer = io.StringIO()
    style = {"svg.fonttype": "none", "svg.hashsalt": f"insight-{key}", "font.size": FONT,
             "font.family": "sans-serif", "text.parse_math": False}  # a check named "a$b$" is text, not TeX
    with matplotlib.rc_context(style):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue(), label)


def _inline(svg: str, label: str) -> str:
    """An <svg> element for an HTML page: no XML prologue, scales with its box, labelled for readers."""
    svg = svg[svg.index("<svg"):]
    head, rest = svg.split(">", 1)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    return f'{head} role="img" aria-label="{html.escape(label)}" preserveAspectRatio="xMinYMin meet">{rest}'
