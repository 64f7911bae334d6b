"""MkDocs hook: render exercise data from grader/catalog.toml into the pages at build time.

A page asks for catalog data with an HTML comment, so the data is never pasted:

    <!-- catalog:table -->                    the exercises, their points and summaries
    <!-- catalog:limits -->                   the sandbox's default limits
    <!-- catalog:tolerances -->               the value tolerances per device
    <!-- catalog:summary ex01_conv_relu_layer -->  one exercise's summary
    <!-- catalog:rules ex01_conv_relu_layer -->    its points and forbidden operations
    <!-- catalog:hints ex01_conv_relu_layer -->    its hints, each collapsed

An unknown field or exercise fails the build.
"""

import html
import re
import tomllib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

CATALOG = Path(__file__).resolve().parent.parent / "grader" / "catalog.toml"
MARKER = re.compile(r"<!--\s*catalog:(\w+)(?:\s+(\w+))?\s*-->")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|])")


def load_catalog() -> dict:
    """The whole catalog, read afresh so that `mkdocs serve` shows edits."""
    if not CATALOG.is_file():
        raise PluginError(f"{CATALOG} is missing: the exercise pages are rendered from it.")
    with CATALOG.open("rb") as file:
        return tomllib.load(file)


def escape(text: str) -> str:
    """Catalog text as literal Markdown: no accidental emphasis, code or HTML."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def page_of(name: str) -> str:
    """The exercise page's file name: ex01_conv_relu_layer -> ex01-conv-relu-layer.md."""
    return name.replace("_", "-") + ".md"


def render_table(catalog: dict) -> str:
    """A table of every exercise with its points and summary, and the total."""
    rows = ["| # | Exercise | Points | What you do |", "|--:|---|--:|---|"]
    for number, exercise in enumerate(catalog["exercise"], start=1):
        link = f"[{escape(exercise['title'])}]({page_of(exercise['name'])})"
        rows.append(f"| {number} | {link} | {exercise['points']} | {escape(exercise['summary'])} |")
    total = sum(exercise["points"] for exercise in catalog["exercise"])
    rows.append(f"| | **Total** | **{total}** | |")
    return "\n".join(rows)


def render_rules(exercise: dict) -> str:
    """The exercise's points, every rule its docstrings state, and the calls it forbids."""
    points = f"**Points:** {exercise['points']}."
    stated = [rule["says"] for rule in exercise.get("rules", [])]
    if not exercise["forbidden"] and not stated:
        return f"{points} **Forbidden:** nothing; any PyTorch layer or function may be used."
    text = points + " Breaking a rule fails every check of the exercise, with the rule and the line:\n\n"
    text += "\n".join(f"- {escape(says)}" for says in stated)
    if exercise["forbidden"]:
        names = ", ".join(f"`{name}`" for name in exercise["forbidden"])
        text += (f"\n\nThe forbidden calls raise an error when your code runs under the grader, and a scan of "
                 f"your source reports them: {names}.")
    return text


def render_hints(exercise: dict) -> str:
    """Each hint as a collapsed block, gentlest first."""
    count = len(exercise["hints"])
    blocks = [
        f'??? tip "Hint {number} of {count}"\n    {escape(hint)}'
        for number, hint in enumerate(exercise["hints"], start=1)
    ]
    return "\n\n".join(blocks)


LIMIT_MEANINGS = {
    "timeout_s": "seconds of wall-clock time per exercise run",
    "memory_mb": "MB of address space for the runner on CPU (not applied on CUDA)",
    "output_bytes": "bytes of a submission's printed output kept in the report",
}


def render_limits(catalog: dict) -> str:
    """The sandbox's default limits, one row each."""
    rows = ["| Limit | Default | Meaning |", "|---|--:|---|"]
    for key, value in catalog["limits"].items():
        rows.append(f"| `{key}` | {value} | {escape(LIMIT_MEANINGS.get(key, ''))} |")
    return "\n".join(rows)


def render_tolerances(catalog: dict) -> str:
    """The relative and absolute tolerances of float32 comparisons, per device type."""
    rows = ["| Device | rtol | atol |", "|---|--:|--:|"]
    for device, tolerance in catalog["tolerances"].items():
        rows.append(f"| `{device}` | {tolerance['rtol']:g} | {tolerance['atol']:g} |")
    rows += ["", "atol is multiplied by the largest magnitude of the expected tensor (when above 1): a sum of "
             "hundreds of terms, such as a conv output or a weight gradient, rounds differently in another order."]
    return "\n".join(rows)


WHOLE_CATALOG_RENDERERS = {
    "table": render_table,
    "limits": render_limits,
    "tolerances": render_tolerances,
}

RENDERERS = {
    "summary": lambda exercise: escape(exercise["summary"]),
    "rules": render_rules,
    "hints": render_hints,
}


def render(field: str, name: str | None, catalog: dict, page: Page) -> str:
    """The Markdown that replaces one marker."""
    if field in WHOLE_CATALOG_RENDERERS:
        return WHOLE_CATALOG_RENDERERS[field](catalog)
    exercises = {exercise["name"]: exercise for exercise in catalog["exercise"]}
    if field not in RENDERERS:
        raise PluginError(f"{page.file.src_uri}: unknown catalog field {field!r}")
    if name not in exercises:
        raise PluginError(f"{page.file.src_uri}: no exercise {name!r} in {CATALOG.name}")
    return RENDERERS[field](exercises[name])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace each catalog marker with the data it names."""
    if "catalog:" not in markdown:
        return markdown
    catalog = load_catalog()
    return MARKER.sub(lambda match: render(match[1], match[2], catalog, page), markdown)
