"""A solution file cut into notebook-sized pieces: one answer cell per top-level definition.

The module docstring becomes the notebook's introduction; everything before the first
definition (imports, constants) rides with the first piece, so every answer cell runs
on its own and the pieces joined again give back the file.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

SEPARATOR = "\n\n\n"  # two blank lines between top-level definitions, as in the files


@dataclass(frozen=True)
class Chunk:
    name: str  # the definition it holds: "relu", "ConvReLU"
    kind: str  # "function" or "class"
    source: str  # its code, with the prelude in front for the first chunk
    header: str  # "def relu(x: torch.Tensor) -> torch.Tensor" or "class ConvReLU(nn.Module)"
    docstring: str


@dataclass(frozen=True)
class SolutionFile:
    docstring: str
    chunks: tuple[Chunk, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.chunks)

    def joined(self) -> str:
        """The code of every chunk as one module (the module docstring left out)."""
        return SEPARATOR.join(c.source for c in self.chunks) + "\n"


def split(source: str) -> SolutionFile:
    """Cut a solution module into chunks, one per top-level def or class."""
    tree = ast.parse(source)
    lines = source.splitlines()
    body = list(tree.body)
    docstring = ast.get_docstring(tree, clean=True) or ""
    if body and _is_docstring(body[0]):
        body = body[1:]
    definitions = [n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if not definitions:
        raise ValueError("a solution file needs at least one top-level def or class")
    starts = [_first_line(n) for n in definitions]
    starts[0] = min(starts[0], _first_line(body[0]))  # the prelude goes with the first definition
    ends = [s - 1 for s in starts[1:]] + [len(lines)]
    chunks = []
    for node, start, end in zip(definitions, starts, ends):
        text = "\n".join(lines[start - 1 : end]).strip("\n")
        chunks.append(Chunk(
            name=node.name,
            kind="class" if isinstance(node, ast.ClassDef) else "function",
            source=text,
            header=_header(lines, node),
            docstring=ast.get_docstring(node, clean=True) or "",
        ))
    return SolutionFile(docstring, tuple(chunks))


def defined_names(source: str) -> set[str] | None:
    """Top-level def and class names in a piece of code; None when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def _header(lines: list[str], node: ast.stmt) -> str:
    """The def or class line(s) up to the colon, joined into one line."""
    first_body_line = node.body[0].lineno
    text = " ".join(line.strip() for line in lines[node.lineno - 1 : first_body_line - 1])
    text = re.sub(r"\(\s+", "(", text.rstrip(":"))
    return re.sub(r",?\s+\)", ")", text)
