"""How a copier hides a copy: rename the variables, reorder the functions, rewrite the comments.

Used by the demo class and by the similarity tests.

Each function takes a Python source and returns a copy that still runs the same way, so the
similarity tests can prove that the triage sees through what copiers actually do.
"""

from __future__ import annotations

import ast
import io
import tokenize


def rename_variables(source: str, suffix: str = "_v") -> str:
    """Every name assigned inside a function gets another name; parameters and attributes stay,
    since a grader calls them by name."""
    tree = ast.parse(source)
    params = {a.arg for node in ast.walk(tree) if isinstance(node, ast.arguments)
              for a in node.posonlyargs + node.args + node.kwonlyargs}
    assigned = {node.id for node in ast.walk(tree)
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)} - params
    new = {name: f"{'q' if name[0].islower() else 'Q'}{name}{suffix}" for name in assigned}
    tokens, previous = [], ""
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NAME and previous != ".":  # F.pad is not the local `pad`
            tok = tok._replace(string=new.get(tok.string, tok.string))
        tokens.append(tok)
        previous = tok.string
    return tokenize.untokenize(tokens)


def reorder_functions(source: str) -> str:
    """The functions of the module (or of its one class) in reverse order."""
    tree = ast.parse(source)
    container = tree
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    if len(classes) == 1 and sum(isinstance(n, ast.FunctionDef) for n in tree.body) < 2:
        container = classes[0]
    functions = [n for n in container.body if isinstance(n, ast.FunctionDef)]
    if len(functions) < 2:
        raise ValueError("nothing to reorder: fewer than two functions")
    lines = source.splitlines()
    spans = [((f.decorator_list[0].lineno if f.decorator_list else f.lineno) - 1, f.end_lineno) for f in functions]
    blocks = ["\n".join(lines[a:b]) for a, b in spans]
    first, last = spans[0][0], spans[-1][1]
    middle = "\n\n".join(reversed(blocks))
    return "\n".join(lines[:first]) + "\n" + middle + "\n" + "\n".join(lines[last:]) + "\n"


def rewrite_comments(source: str) -> str:
    """Every comment replaced by another sentence, and a new comment above each `return`."""
    out = []
    for line in source.splitlines():
        code, hash_, _ = line.partition("  # ")
        if hash_:
            line = code + "  # my own note on this line"
        elif line.strip().startswith("# "):
            line = line[: len(line) - len(line.lstrip())] + "# I worked this out in the lab"
        if line.strip().startswith("return "):
            out.append(line[: len(line) - len(line.lstrip())] + "# the answer")
        out.append(line)
    return "\n".join(out) + "\n"


def disguise_all(source: str) -> str:
    """All three at once, as a careful copier would."""
    text = rewrite_comments(rename_variables(source, "_x"))
    try:
        return reorder_functions(text)
    except ValueError:
        return text
