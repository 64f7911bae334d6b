"""The files of the kit a bundle carries: what `pip install` and grading need, nothing of a learner's.

The grader package, the reference solutions, and the project files pip builds from. Never
exercises/ (a learner's work), notebooks, the site, tests or a virtual environment.
"""

from __future__ import annotations

from pathlib import Path

from grader.paths import KIT_ROOT

PROJECT_FILES = ("pyproject.toml", "constraints.txt", "README.md")  # README.md: pyproject's readme
FOLDERS = ("grader", "solutions")
SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}
SKIPPED_SUFFIXES = (".pyc", ".pyo")


def members(kit: Path = KIT_ROOT) -> list[tuple[Path, str]]:
    """(file on disk, its path inside the kit), sorted, for every file a bundle carries."""
    found = [(kit / name, name) for name in PROJECT_FILES]
    for folder in FOLDERS:
        for path in sorted((kit / folder).rglob("*")):
            rel = path.relative_to(kit)
            if path.is_symlink() or not path.is_file() or SKIPPED_PARTS & set(rel.parts):
                continue
            if path.name.endswith(SKIPPED_SUFFIXES) or any(p.endswith(".egg-info") for p in rel.parts):
                continue
            found.append((path, rel.as_posix()))
    missing = [str(path) for path, _ in found if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"the kit is incomplete: {', '.join(missing)}")
    return sorted(found, key=lambda item: item[1])

