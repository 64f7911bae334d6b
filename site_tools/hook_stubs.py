"""MkDocs hook: derive each exercise's stub from its solution into build/stubs/, for the exercise pages.

An exercise page shows the file a learner starts from. exercises/ cannot be that source: it holds the
learner's own work once they begin, so a site built after solving would publish their answers. The stub is
derived afresh from solutions/ at build start, exactly as `python -m grader derive` would write it, into the
git-ignored build/stubs/; the pages include it from there with pymdownx.snippets.
"""

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from grader import catalog, derive

KIT_ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS_DIR = KIT_ROOT / "solutions"
STUBS_DIR = KIT_ROOT / "build" / "stubs"  # a page includes build/stubs/<exercise>.py


def derived_stubs() -> dict[str, str]:
    """Each exercise's stub by file name, in the catalog's order, derived from its solution."""
    catalog.load.cache_clear()  # read afresh, so that `mkdocs serve` follows edits to the catalog
    return {
        f"{exercise.name}.py": derive.stub_source((SOLUTIONS_DIR / f"{exercise.name}.py").read_text(), exercise.name)
        for exercise in catalog.load().exercises
    }


def on_pre_build(config: MkDocsConfig) -> None:
    """Write the stubs before any page is rendered; leave unchanged files alone and remove stale ones."""
    stubs = derived_stubs()
    STUBS_DIR.mkdir(parents=True, exist_ok=True)
    for path in STUBS_DIR.glob("*.py"):
        if path.name not in stubs:  # an exercise left the catalog: its page must not find an old stub
            path.unlink()
    for name, text in stubs.items():
        path = STUBS_DIR / name
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
