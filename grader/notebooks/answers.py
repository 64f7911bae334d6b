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

import ast
import re
import symtable
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
    """The exercise file made of a notebook's answer cells, and of the cells that define what
    they use (a helper function in a cell of its own), in the notebook's order."""
    wanted, parts = set(names), {}
    codes = {}
    for index, cell in enumerate(code_cells):
        if KIT_CELL_MARK in cell.source:
            continue
        code = python_only(cell.source)
        defined = defined_names(code)
        if defined is None:
            loose = set(DEFINITION.findall(code))
            if cell.marked_answer or SOLUTION_MARK in code or loose & wanted:
                parts[index] = _stand_ins(code, loose & wanted, cell.label)
        elif cell.marked_answer or SOLUTION_MARK in code or defined & wanted:
            parts[index] = code.strip("\n")
        codes[index] = code
    for index in _helpers(codes, set(parts)):
        parts[index] = codes[index].strip("\n")
    return SEPARATOR.join(parts[i] for i in sorted(parts)) + "\n" if parts else ""


def from_history(sources: list[str], names: tuple[str, ...]) -> str:
    """The exercise file made of the cells a kernel ran: for each name, the last cell that
    defined it (what the kernel holds now), and the cells that define what those use."""
    last_definer: dict[str, int] = {}
    codes = {}
    for index, source in enumerate(sources):
        if KIT_CELL_MARK in source:
            continue
        code = python_only(source)
        codes[index] = code
        for name in (defined_names(code) or set()) & set(names):
            last_definer[name] = index
    chosen = set(last_definer.values())
    chosen |= _helpers(codes, chosen, latest=True)
    return SEPARATOR.join(codes[i].strip("\n") for i in sorted(chosen)) + "\n" if chosen else ""


def _helpers(codes: dict[int, str], chosen: set[int], latest: bool = False) -> set[int]:
    """Cells (by index) that define a name the chosen cells use but do not define themselves,
    and what those use in turn. latest: only the last cell defining a name counts (a kernel's
    history, where a name was redefined); otherwise every one does, in order, as a notebook runs.

    Linear in the cells: each cell is parsed once and looked at once, each name looked up once."""
    provides = {i: provided_names(code) for i, code in codes.items()}
    definers: dict[str, list[int]] = {}
    for index in sorted(provides):
        for name in provides[index]:
            definers.setdefault(name, []).append(index)
    taken = set(chosen)
    known = set().union(*(provides.get(i, set()) for i in taken))  # names the taken cells define
    frontier = set(chosen)
    while frontier:
        needed = set().union(*(used_names(codes[i]) for i in frontier if i in codes)) - known
        found = set()
        for name in needed:
            cells = definers.get(name, [])
            found.update(cells[-1:] if latest else cells)
        found -= taken
        if not found:
            break
        taken |= found
        for index in found:
            known |= provides[index]
        frontier = found
    return taken - set(chosen)


def used_names(code: str) -> set[str]:
    """The global names the code reads (a helper it calls, a module, a constant), not its
    functions' own parameters and locals; empty when it does not parse."""
    try:
        table = symtable.symtable(code, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    found, scopes = set(), [table]
    while scopes:
        scope = scopes.pop()
        for symbol in scope.get_symbols():
            if symbol.is_referenced() and (symbol.is_global() or scope.get_type() == "module"):
                found.add(symbol.get_name())
        scopes.extend(scope.get_children())
    return found


def provided_names(code: str) -> set[str]:
    """Names a cell defines at its top level: functions, classes, imports, assignments."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    found = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return found


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
