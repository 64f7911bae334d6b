"""A submitted notebook's graded code, as the exercise file the grader expects (exNN_name.py).

Nothing of the notebook runs here: it is read as JSON (never through a symlink, never
beyond a size limit), its answer cells are chosen by answers.from_notebook, and the result
is written as plain text. A notebook that cannot be read becomes a file that says why
when imported, so the learner's feedback names the problem.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from grader.catalog import load
from grader.notebooks import answers, cells
from grader.notebooks.exercise_files import asked_names

MAX_NOTEBOOK_BYTES = 32 << 20  # outputs (plots) make notebooks large; code alone never is
# What parsing may build: a JSON value is at least one separator or bracket, and each costs the
# grader tens of bytes as a Python object, so 32 MB of `[[],[],...]` would take gigabytes.
MAX_JSON_VALUES = 1_000_000
MAX_CODE_CELLS = 2_000
MAX_CODE_CHARS = 1 << 20  # all code cells together: the same limit as an exercise's .py file


class UnreadableNotebook(ValueError):
    """The file is not a notebook the grader can read."""


def exercise_of(path: Path, notebook: dict | None = None) -> str | None:
    """The exercise a notebook holds: by its file name, else by the kit's notebook metadata."""
    names = {e.name for e in load().exercises}
    if path.stem in names:
        return path.stem
    meta = (notebook or {}).get("metadata", {}) if isinstance(notebook, dict) else {}
    kit = meta.get(cells.KIT_METADATA_KEY) if isinstance(meta, dict) else None
    named = kit.get("exercise") if isinstance(kit, dict) else None
    return named if named in names else None


def exercise_of_file(path: Path) -> str | None:
    """exercise_of, reading the notebook's metadata when its name does not tell."""
    try:
        return exercise_of(path) or exercise_of(path, read(path))
    except UnreadableNotebook:
        return None


def read(path: Path) -> dict:
    """The notebook as JSON; UnreadableNotebook with a sentence when it cannot be."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise UnreadableNotebook(f"{path.name} could not be opened ({exc.strerror}); symbolic links are not read.") from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise UnreadableNotebook(f"{path.name} is not a plain file.")
        data = file.read(MAX_NOTEBOOK_BYTES + 1)
    return parse(path.name, data)


def parse(name: str, data: bytes) -> dict:
    """A notebook's bytes as JSON, within the size limit."""
    path = Path(name)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise UnreadableNotebook(f"{path.name} is larger than {MAX_NOTEBOOK_BYTES >> 20} MB; clear its outputs.")
    if sum(data.count(mark) for mark in (b",", b":", b"[", b"{")) > MAX_JSON_VALUES:
        raise UnreadableNotebook(f"{path.name} holds more than {MAX_JSON_VALUES:,} JSON values; clear its outputs.")
    try:
        notebook = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UnreadableNotebook(f"{path.name} is not a notebook (not valid JSON: {exc}).") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise UnreadableNotebook(f"{path.name} is not a notebook (it has no list of cells).")
    return notebook


def code_cells(notebook: dict, name: str = "the notebook") -> list[answers.CodeCell]:
    """Its code cells; UnreadableNotebook when there are more, or more code, than an exercise file may hold."""
    found, chars = [], 0
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata")
        nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
        marked = isinstance(nbgrader, dict) and nbgrader.get("solution") is True
        found.append(answers.CodeCell(cells.source_text(cell), marked, f"cell {number}"))
        chars += len(found[-1].source)
        if len(found) > MAX_CODE_CELLS:
            raise UnreadableNotebook(f"{name} has more than {MAX_CODE_CELLS:,} code cells.")
        if chars > MAX_CODE_CHARS:
            raise UnreadableNotebook(f"{name} holds more than {MAX_CODE_CHARS:,} characters of code.")
    return found


def answer_file(name: str, notebook: dict, exercise: str) -> str:
    """The exercise file made of the notebook's answer cells; one that raises why when it cannot be made."""
    try:
        return answers.from_notebook(code_cells(notebook, name), asked_names(exercise))
    except UnreadableNotebook as exc:
        return f"raise ImportError({str(exc)!r})\n"


def graded_code(path: Path, exercise: str | None = None) -> tuple[str | None, str]:
    """(exercise, text of its file) for one notebook; an unreadable one gives a file that raises why."""
    try:
        notebook = read(path)
    except UnreadableNotebook as exc:
        return exercise or exercise_of(path), f"raise ImportError({str(exc)!r})\n"
    exercise = exercise or exercise_of(path, notebook)
    if exercise is None:
        return None, ""
    return exercise, answer_file(path.name, notebook, exercise)


def graded_code_of_bytes(name: str, data: bytes) -> tuple[str | None, str]:
    """graded_code for a notebook held in memory (a member of an uploaded zip)."""
    try:
        notebook = parse(name, data)
    except UnreadableNotebook as exc:
        return exercise_of(Path(name)), f"raise ImportError({str(exc)!r})\n"
    exercise = exercise_of(Path(name), notebook)
    if exercise is None:
        return None, ""
    return exercise, answer_file(Path(name).name, notebook, exercise)


def write_workspace(notebooks: list[Path], workspace: Path) -> dict[str, Path]:
    """Write exNN_name.py into workspace for each notebook; {exercise: notebook it came from}."""
    workspace.mkdir(parents=True, exist_ok=True)
    sources: dict[str, Path] = {}
    for path in sorted(notebooks):
        exercise, text = graded_code(path)
        if exercise is None or exercise in sources:  # not an exercise, or a second copy: the first wins
            continue
        (workspace / f"{exercise}.py").write_text(text, encoding="utf-8")
        sources[exercise] = path
    return sources
