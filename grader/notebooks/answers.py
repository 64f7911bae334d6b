"""Which code of a notebook is graded: its answer cells, joined into one exercise file.

An answer cell is one nbgrader marks as a solution, or one that defines a name the
exercise asks for (so a learner who edits or strips the metadata still gets the code
graded), never a cell the kit wrote to run checks (so a test cell marked as an answer is
not graded as the learner's code). Two sources of cells:

    notebook file  every answer cell, in the notebook's order
    kernel history the cells as run: per asked-for name the last cell that defined it,
                   since that is the definition the kernel holds

A cell that does not parse defines nothing when run; in a file it becomes stand-ins that
raise its SyntaxError, so each check reports the broken cell instead of a missing name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.notebooks.build import KIT_CELL_MARK
from grader.notebooks.chunks import SEPARATOR, defined_names

SOLUTION_MARK = "### BEGIN SOLUTION"
MAGIC_LINE = re.compile(r"^([%!](?!=).*)$", re.M)  # IPython magics and shell escapes, as lines of their own
DEFINITION = re.compile(r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", re.M)


@dataclass(frozen=True)
class CodeCell:
    source: str
    marked_answer: bool = False  # nbgrader's metadata says: solution cell
    label: str = ""  # where it is, for messages: "cell 4"


def from_notebook(code_cells: list[CodeCell], names: tuple[str, ...]) -> str:
    """The exercise file made of a notebook's answer cells, in order."""
    wanted, parts = set(names), []
    for cell in code_cells:
        if KIT_CELL_MARK in cell.source:
            continue
        code = python_only(cell.source)
        defined = defined_names(code)
        if defined is None:
            loose = set(DEFINITION.findall(code))
            if cell.marked_answer or SOLUTION_MARK in code or loose & wanted:
                parts.append(_stand_ins(code, loose & wanted, cell.label))
        elif cell.marked_answer or SOLUTION_MARK in code or defined & wanted:
            parts.append(code.strip("\n"))
    return SEPARATOR.join(parts) + "\n" if parts else ""


def from_history(sources: list[str], names: tuple[str, ...]) -> str:
    """The exercise file made of the cells a kernel ran: what it holds now for each name."""
    last_definer: dict[str, int] = {}
    for index, source in enumerate(sources):
        if KIT_CELL_MARK in source:
            continue
        defined = defined_names(python_only(source)) or set()
        for name in defined & set(names):
            last_definer[name] = index
    chosen = sorted(set(last_definer.values()))
    return SEPARATOR.join(python_only(sources[i]).strip("\n") for i in chosen) + "\n" if chosen else ""


def python_only(source: str) -> str:
    """Magics and shell escapes commented out: the sandbox runs plain Python."""
    return MAGIC_LINE.sub(r"# \1", source)


def _stand_ins(code: str, names: set[str], label: str) -> str:
    """Definitions that raise the cell's SyntaxError when used."""
    try:
        compile(code, label or "cell", "exec")
        problem = "it does not parse"
    except SyntaxError as exc:
        problem = f"SyntaxError: {exc.msg} (line {exc.lineno} of the cell)"
    except (ValueError, RecursionError, MemoryError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    message = f"{label or 'an answer cell'} of the notebook cannot run: {problem}"
    stand_ins = [f"def {name}(*args, **kwargs):\n    raise SyntaxError({message!r})" for name in sorted(names)]
    return SEPARATOR.join([f"# {message}", *stand_ins])
