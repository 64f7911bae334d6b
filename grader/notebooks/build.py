"""One exercise as a notebook, in two flavours from the same solution file and catalog entry.

    instructor  nbgrader's source: answer cells hold the solution between nbgrader's
                `### BEGIN SOLUTION` markers, the tests cell holds a hidden-tests region
    learner     the self-study copy: answer cells hold the stubs of exercises/, no hidden region

Layout: the introduction (title, task, rules, hints), then per definition a Markdown cell
with its docstring and an answer cell with its code, then the tests cell that runs the kit's
checks on the answer cells and shows the report of `python -m grader check`.
"""

from __future__ import annotations

from grader import derive
from grader.catalog import Exercise
from grader.commands import KIT_FORM
from grader.notebooks import cells, markdown
from grader.notebooks.chunks import split

INSTRUCTOR, LEARNER = "instructor", "learner"
KIT_CELL_MARK = "grader.notebooks.selfcheck"  # every cell the kit writes to run checks names it
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"

TESTS_CELL = '''\
# The kit's checks of this exercise, run in a sandbox on the code of the answer cells above.
# It prints the report of `python -m grader check {number}`; the cell's value is your score.
from {mark} import check
{hidden_region}check("{exercise}")
'''
# nbgrader cuts this region out of the students' copy and puts it back when it autogrades:
# the same call then also runs the instructor's hidden checks, whose failures stay masked.
HIDDEN_REGION = f"""{HIDDEN_BEGIN}
from {KIT_CELL_MARK} import check_with_hidden as check
{HIDDEN_END}
"""


def build(exercise: Exercise, solution: str, flavour: str) -> dict:
    """The notebook of one exercise as an nbformat dict."""
    if flavour not in (INSTRUCTOR, LEARNER):
        raise ValueError(f"unknown flavour {flavour!r}")
    number = exercise.number
    parsed = split(solution)
    nb_cells = [cells.text(f"{number}_introduction", introduction(exercise, parsed.docstring))]
    for chunk in parsed.chunks:
        nb_cells.append(cells.text(f"{number}_{chunk.name}_task", task(chunk.header, chunk.docstring)))
        code = chunk.source if flavour == INSTRUCTOR else learner_stub(chunk.source, exercise.name)
        nb_cells.append(cells.answer(f"{number}_{chunk.name}", code))
    nb_cells.append(cells.text(f"{number}_check_intro", CHECK_INTRO))
    nb_cells.append(cells.tests(f"{number}_checks", tests_source(exercise, flavour), exercise.points))
    return cells.notebook(nb_cells, exercise.name)


def tests_source(exercise: Exercise, flavour: str) -> str:
    hidden = HIDDEN_REGION if flavour == INSTRUCTOR else ""
    return TESTS_CELL.format(number=exercise.number, mark=KIT_CELL_MARK, hidden_region=hidden,
                             exercise=exercise.name)


def learner_stub(code: str, exercise: str) -> str:
    """The stub of exercises/, pointing at the check cell instead of the command line."""
    stub = derive.stub_source(code, exercise).rstrip("\n")
    return stub.replace(f"then run: {KIT_FORM} check {exercise.split('_', 1)[0]}",
                        "then run the check cell at the end of the notebook")


def introduction(exercise: Exercise, module_docstring: str) -> str:
    number = int(exercise.number.removeprefix("ex"))
    parts = [f"# Exercise {number}: {markdown.escape(exercise.title)}", markdown.escape(exercise.summary)]
    details = module_docstring.split("\n", 1)[1].strip() if "\n" in module_docstring else ""
    if details:  # the first line repeats the title
        parts.append(markdown.from_docstring(details))
    if exercise.forbidden:
        names = ", ".join(f"`{name}`" for name in exercise.forbidden)
        rule = f"**Forbidden:** {names}. The sandbox makes them raise, and a scan of your code finds them."
    else:
        rule = "**Forbidden:** nothing; every PyTorch function is allowed."
    parts += [
        f"**Points:** {exercise.points:g}, split evenly over the checks.",
        rule,
        "**How to work:** write each answer in the cell under its description and run it; then run the "
        "check cell at the end. Only the answer cells are graded, so keep every name and signature as given.",
    ]
    if exercise.hints:
        hints = "\n".join(f"<details><summary>Hint {i}</summary>\n\n{markdown.escape(hint)}\n\n</details>"
                          for i, hint in enumerate(exercise.hints, start=1))
        parts.append(f"Stuck? Open one hint at a time.\n\n{hints}")
    return "\n\n".join(parts)


def task(header: str, docstring: str) -> str:
    parts = [f"## `{header}`"]
    if docstring:
        parts.append(markdown.from_docstring(docstring))
    return "\n\n".join(parts)


CHECK_INTRO = """## Check your answers

The cell below grades the code of the answer cells as you last ran them: it writes them to a \
file, runs the kit's checks on it in a sandbox with fresh random inputs, and prints the report \
of `python -m grader check`. Run it as often as you like."""
