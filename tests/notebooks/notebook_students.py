"""Students who answer the generated notebooks: correct, wrong, broken and tampered copies.

A plain module (not conftest.py) so that tests import its helpers by name.
"""

import copy
from pathlib import Path

from grader.catalog import load
from grader.notebooks import cells
from grader.notebooks.build import LEARNER, build
from grader.notebooks.chunks import split
from grader.paths import SOLUTIONS

EXERCISE = "ex06_relu_from_scratch"  # two answer cells, five quick checks
WRONG_RELU = "import torch\n\n\ndef relu(x):\n    return x.abs()  # negatives flipped, not zeroed\n"
# Right on the visible checks' normal inputs, wrong below -5, as in the hidden check's input.
SNEAKY_RELU = "import torch\n\n\ndef relu(x):\n    return torch.where((x > 0) | (x < -5), x, torch.zeros_like(x))\n"
BROKEN_BACKWARD = "def relu_backward(x, grad_output)\n    return grad_output\n"  # the colon is missing


def solution_chunks(exercise: str = EXERCISE) -> dict[str, str]:
    """{definition name: its solution code}: what a correct student writes in each answer cell."""
    return {c.name: c.source for c in split((SOLUTIONS / f"{exercise}.py").read_text()).chunks}


def notebook_of(exercise: str = EXERCISE, flavour: str = LEARNER) -> dict:
    entry = load().get(exercise)
    return build(entry, (SOLUTIONS / f"{entry.name}.py").read_text(), flavour)


def answered(notebook: dict, answers: dict[str, str]) -> dict:
    """A copy of the notebook with these answer cells (by definition name) rewritten."""
    nb = copy.deepcopy(notebook)
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        name = grade_id.split("_", 1)[1] if "_" in grade_id else ""
        if name in answers:
            cell["source"] = answers[name].splitlines(keepends=True)
    return nb


def tampered(notebook: dict, exercise: str = EXERCISE) -> dict:
    """Correct answers, the test cell deleted, the first answer cell's metadata edited."""
    nb = answered(notebook, solution_chunks(exercise))
    nb["cells"] = [c for c in nb["cells"] if not c["metadata"].get("nbgrader", {}).get("grade")]
    first_answer = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution"))
    first_answer["metadata"]["nbgrader"].update(solution=False, locked=True)
    return nb


def small_class(notebook: dict) -> dict[str, dict]:
    """The class of the end-to-end test: correct, wrong, broken, tampered, and wrong where only hidden checks look."""
    correct = solution_chunks()
    return {
        "alice_correct": answered(notebook, correct),
        "bob_wrong": answered(notebook, {**correct, "relu": WRONG_RELU}),
        "carol_broken": answered(notebook, {**correct, "relu_backward": BROKEN_BACKWARD}),
        "dave_tampered": tampered(notebook),
        "eve_wrong_on_hidden_inputs": answered(notebook, {**correct, "relu": SNEAKY_RELU}),
    }


def write_notebook(path: Path, notebook: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cells.dumps(notebook))
    return path


# An instructor's hidden check: its name, message and input must never reach a learner.
SECRET_INPUT = "-7.25, 3.5, -0.125"
HIDDEN_CHECK = f'''"""A hidden check of exercise 6, for the tests."""

import torch

from grader.checks.compare import expect_close
from grader.checks.plan import call

EXERCISE = "{EXERCISE}"
SECRET = torch.tensor([{SECRET_INPUT}])


def plan(draw):
    return [call("secret_case", "relu", SECRET)]


def test_secret_negative_values_are_zeroed(run):
    expect_close(run.value("secret_case"), torch.relu(SECRET), "relu(SECRET_TENSOR)")
'''
# In learner-facing output these would be leaks: the input, the check's message, the check's name.
INPUT_AND_MESSAGE = ("7.25", "SECRET_TENSOR")
LEAKS = (*INPUT_AND_MESSAGE, "secret_negative")


def write_hidden_checks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"check_{EXERCISE}.py").write_text(HIDDEN_CHECK)  # the same name as the kit's module
    return folder
