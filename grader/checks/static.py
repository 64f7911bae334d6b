"""Forbidden operations found in the source, by the grader: a submission cannot patch this.

The scan flags attribute uses (`F.conv2d`, `torch.relu`, `x.relu()`), imports of a
forbidden name, and calls that the sandbox's tripwires recorded.
"""

from __future__ import annotations

import ast

from grader.catalog import load
from grader.checks.submission import CheckFailed

MAX_SOURCE = 1 << 20


def forbidden_uses(source: str, forbidden: tuple[str, ...]) -> list[str]:
    """`line 12: F.conv2d (torch.nn.functional.conv2d)` for each forbidden use found."""
    last_names = {name.rsplit(".", 1)[-1]: name for name in forbidden}
    if len(source) > MAX_SOURCE:
        return ["the file is too large to scan"]
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # the import check reports a broken file
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in last_names:
            found.append(f"line {node.lineno}: .{node.attr} ({last_names[node.attr]})")
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in last_names:
                    found.append(f"line {node.lineno}: import of {alias.name} ({last_names[alias.name]})")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "eval", "exec", "__import__"):
            if node.func.id != "getattr" or _dynamic_forbidden(node, last_names):
                found.append(f"line {node.lineno}: {node.func.id}(...) can hide a forbidden call")
    return found


def _dynamic_forbidden(node: ast.Call, last_names: dict) -> bool:
    """getattr(torch, "relu") or getattr(F, name) with a computed name."""
    if len(node.args) < 2:
        return False
    attr = node.args[1]
    return not isinstance(attr, ast.Constant) or attr.value in last_names


def no_forbidden_operation(exercise: str):
    """A test that fails when the submission's source or its run used a forbidden operation."""
    forbidden = load().get(exercise).forbidden

    def test_uses_no_forbidden_operation(run):
        run.require_implemented()  # nothing is vouched for until the code is written
        uses = forbidden_uses(run.source, forbidden) + [f"called {v} while running" for v in sorted(run.violations)]
        if uses:
            raise CheckFailed(
                f"{run.file} uses operations this exercise forbids ({', '.join(forbidden)}):\n  "
                + "\n  ".join(uses) + "\nWrite the operation yourself from simpler tensor operations."
            )

    test_uses_no_forbidden_operation.__doc__ = f"Uses none of: {', '.join(forbidden)}."
    return test_uses_no_forbidden_operation
