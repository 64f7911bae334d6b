"""Forbidden operations found in the source, by the grader: a submission cannot patch this.

Import aliases are followed (`import torch.nn.functional as F` makes `F.conv2d` read as
torch.nn.functional.conv2d), so a use is reported as written and matched exactly. Methods
called on tensors (`x.relu()`) match the forbidden `torch.Tensor.<name>` entries, and
dynamic look-ups (`getattr(F, "conv" + "2d")`, eval, exec, __import__) are flagged too.
"""

from __future__ import annotations

import ast
import threading


MAX_SOURCE = 1 << 20


DYNAMIC = ("eval", "exec", "__import__", "compile")
# CPython 3.11 keeps the AST builder's depth count per interpreter, not per thread: two
# grading threads parsing at once can fail with "SystemError: AST constructor recursion
# depth mismatch" (python/cpython#106905), the grader's failure. One parse at a time.
_PARSING = threading.Lock()


def _parse(source: str) -> ast.Module:
    with _PARSING:
        return ast.parse(source)


def nodes(source: str) -> tuple[ast.AST, ...] | None:
    """Every node of the source's tree; None when it does not parse or is over MAX_SOURCE.

    Not cached: a tree is many times its source's size, and one student's must not outlive its
    scan (rule_message walks it once for every rule)."""
    if len(source) > MAX_SOURCE:
        return None
    try:
        return tuple(ast.walk(_parse(source)))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def forbidden_uses(source: str, forbidden: tuple[str, ...], walked: tuple[ast.AST, ...] | None = None) -> list[str]:
    """`line 12: F.conv2d (torch.nn.functional.conv2d)` for each forbidden use found."""
    if len(source) > MAX_SOURCE:
        return ["the file is too large to scan"]
    walked = walked if walked is not None else nodes(source)
    if walked is None:
        return []  # the import check reports a broken file
    wanted = set(forbidden)
    methods = {name.rsplit(".", 1)[1]: name for name in forbidden if name.startswith("torch.Tensor.")}
    aliases = _aliases(walked)
    found = []
    for node in walked:
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in wanted:
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name} ({full})")
        elif isinstance(node, (ast.Attribute, ast.Name)) and isinstance(getattr(node, "ctx", None), ast.Load):
            written, full = _dotted(node, aliases)
            if full in wanted:
                found.append(f"line {node.lineno}: {written} ({full})")
            elif isinstance(node, ast.Attribute) and full is None and node.attr in methods:
                found.append(f"line {node.lineno}: .{node.attr}() ({methods[node.attr]})")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in DYNAMIC or (node.func.id == "getattr" and _dynamic_getattr(node, forbidden)):
                found.append(f"line {node.lineno}: {node.func.id}(...) can hide a forbidden call")
    return sorted(set(found), key=lambda text: int(text.split(":")[0].split()[1]))


def _aliases(walked: tuple[ast.AST, ...]) -> dict[str, str]:
    """Local name -> the dotted module path it stands for."""
    names = {}
    for node in walked:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    names[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.AST, aliases: dict[str, str]) -> tuple[str, str | None]:
    """(as written, full dotted name) of a Name or an attribute chain rooted at an import."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return "", None
    written = ".".join([node.id, *reversed(parts)])
    if node.id not in aliases:
        return written, None
    return written, ".".join([aliases[node.id], *reversed(parts)])


def _dynamic_getattr(node: ast.Call, forbidden: tuple[str, ...]) -> bool:
    """getattr(F, "conv2d"), or getattr with a name computed at run time."""
    if len(node.args) < 2:
        return False
    attr = node.args[1]
    last_names = {name.rsplit(".", 1)[-1] for name in forbidden}
    return not isinstance(attr, ast.Constant) or attr.value in last_names


LOOPS = {ast.For: "a for loop", ast.AsyncFor: "a for loop", ast.While: "a while loop",
         ast.ListComp: "a list comprehension", ast.SetComp: "a set comprehension",
         ast.DictComp: "a dict comprehension", ast.GeneratorExp: "a generator expression"}


def loops(source: str, walked: tuple[ast.AST, ...] | None = None) -> list[str]:
    """`line 20: a for loop` for each Python loop in the source."""
    walked = walked if walked is not None else nodes(source)
    if walked is None:
        return []
    found = [(node.lineno, LOOPS[type(node)]) for node in walked if type(node) in LOOPS]
    return [f"line {line}: {what}" for line, what in sorted(found)]


def torch_imports(source: str, walked: tuple[ast.AST, ...] | None = None) -> list[str]:
    """`line 1: import torch` for each import of torch (or of a dynamic importer)."""
    walked = walked if walked is not None else nodes(source)
    if walked is None:
        return []
    found = []
    for node in walked:
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if a.name.split(".")[0] in ("torch", "importlib")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("torch", "importlib"):
            found.append((node.lineno, f"from {node.module} import ..."))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in DYNAMIC:
            found.append((node.lineno, f"{node.func.id}(...)"))
        elif isinstance(node, ast.Attribute) and node.attr == "modules" and getattr(node.value, "id", "") == "sys":
            found.append((node.lineno, "sys.modules"))
    return [f"line {line}: {what}" for line, what in sorted(found)]


RULES = {"no_loops": loops, "no_torch": torch_imports}


def rule_message(run, exercise) -> str | None:
    """Why every check of this run fails, when the source breaks a rule of the exercise:
    a forbidden operation (in the source, or called while running), a loop, an import."""
    source = run.source or ""
    walked = nodes(source) if exercise.forbidden or exercise.rules else None  # once, for every rule
    broken = []
    uses = forbidden_uses(source, exercise.forbidden, walked) if exercise.forbidden else []
    uses += [f"called {v} while running" for v in sorted(run.violations)]
    if uses:
        stated = [rule.says for rule in exercise.rules if rule.check == "forbidden"]
        broken.append((" ".join(stated) or "Forbidden: " + ", ".join(exercise.forbidden), uses))
    for rule in exercise.rules:
        if rule.check not in RULES:
            continue  # "forbidden" is the list above; "test:..." rules are checks of their own
        found = RULES[rule.check](source, walked)
        if found:
            broken.append((rule.says, found))
    if not broken:
        return None
    lines = [f"{run.file} breaks a rule of this exercise, so none of its checks can pass:"]
    for says, where in broken:
        lines.append(f"  The rule: {says}")
        lines += [f"    {w}" for w in where[:10]]
    lines.append("Write it with the operations the exercise allows.")
    return "\n".join(lines)

