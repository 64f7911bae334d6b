"""Which cells are graded: answer cells by metadata or by what they define, never the kit's own cells."""

from grader.notebooks.answers import CodeCell, from_history, from_notebook

NAMES = ("relu", "relu_backward")
RELU = "import torch\n\ndef relu(x):\n    return torch.where(x > 0, x, 0 * x)\n"
BACKWARD = "def relu_backward(x, g):\n    return g * (x > 0)\n"
CHECK_CELL = 'from grader.notebooks.selfcheck import check\ncheck("ex06_relu_from_scratch")\n'
EXPERIMENT = "print(relu(torch.tensor([-1.0, 2.0])))\n"


def test_marked_answer_cells_are_graded_in_order_and_experiments_are_not():
    cells = [CodeCell(RELU, True), CodeCell(EXPERIMENT), CodeCell(BACKWARD, True), CodeCell(CHECK_CELL)]
    code = from_notebook(cells, NAMES)
    assert code.index("def relu(") < code.index("def relu_backward(")
    assert "print(" not in code and "selfcheck" not in code


def test_an_answer_cell_stripped_of_its_metadata_is_found_by_what_it_defines():
    code = from_notebook([CodeCell(RELU, False), CodeCell(BACKWARD, False)], NAMES)
    assert "def relu(" in code and "def relu_backward(" in code


def test_a_test_cell_marked_as_an_answer_is_still_not_graded():
    code = from_notebook([CodeCell(RELU, True), CodeCell(CHECK_CELL, True)], NAMES)
    assert "selfcheck" not in code


def test_a_cell_that_does_not_parse_becomes_stand_ins_that_say_so():
    broken = "def relu_backward(x, g)\n    return g\n"
    code = from_notebook([CodeCell(RELU, True), CodeCell(broken, True, "cell 5")], NAMES)
    namespace = {}
    exec(compile(code, "ex06.py", "exec"), namespace)  # the file itself imports
    try:
        namespace["relu_backward"](1, 2)
    except SyntaxError as exc:
        assert "cell 5" in str(exc) and "expected ':'" in str(exc)
    else:
        raise AssertionError("the stand-in should raise the cell's SyntaxError")
    assert namespace["relu"] is not None


def test_magics_are_commented_out():
    code = from_notebook([CodeCell("%matplotlib inline\n!ls\n" + RELU, True)], NAMES)
    assert "# %matplotlib inline" in code and "# !ls" in code
    compile(code, "ex06.py", "exec")


def test_history_keeps_the_last_definition_of_each_name_and_skips_cells_that_never_ran():
    first = RELU.replace("0 * x", "x")  # a wrong first try, fixed and run again
    broken_retry = "def relu_backward(x, g)\n"  # a SyntaxError never ran: the kernel keeps the older one
    history = ["", first, BACKWARD, RELU, EXPERIMENT, broken_retry, CHECK_CELL]
    code = from_history(history, NAMES)
    assert code.count("def relu(") == 1 and "0 * x" in code
    assert code.count("def relu_backward(") == 1 and "g * (x > 0)" in code
    assert code.index("def relu_backward(") < code.index("def relu(")  # the order they ran in


def test_nothing_run_gives_no_code():
    assert from_history(["", EXPERIMENT, CHECK_CELL], NAMES) == ""


HELPER = "import torch\n\ndef positive_part(x):\n    return torch.where(x > 0, x, torch.zeros_like(x))\n"
USES_HELPER = "def relu(x):\n    return positive_part(x)\n"


def test_a_helper_defined_in_its_own_cell_is_graded_with_the_answer_that_uses_it():
    """Issue 9: the learner's own helper cell comes along (in the notebook's order), so the answer runs."""
    cells = [CodeCell(HELPER), CodeCell(EXPERIMENT), CodeCell(USES_HELPER, True), CodeCell(BACKWARD, True)]
    code = from_notebook(cells, NAMES)
    assert code.index("def positive_part(") < code.index("def relu(") and "print(" not in code
    namespace = {}
    exec(compile(code, "ex06.py", "exec"), namespace)
    import torch

    assert torch.equal(namespace["relu"](torch.tensor([-1.0, 2.0])), torch.tensor([0.0, 2.0]))


def test_a_helper_from_the_kernel_history_comes_in_its_last_version():
    history = [HELPER.replace("torch.zeros_like(x)", "x"), USES_HELPER, HELPER, BACKWARD, EXPERIMENT]
    code = from_history(history, NAMES)
    assert code.count("def positive_part(") == 1 and "torch.zeros_like(x)" in code and "print(" not in code


def test_a_helper_of_a_helper_comes_too_and_unused_cells_do_not():
    inner = "def clamp_low(x):\n    return x * (x > 0)\n"
    outer = "def positive_part(x):\n    return clamp_low(x)\n"
    unused = "def plot_things():\n    return 1\n"
    experiment = "x = torch.randn(3)\n"  # `x` is also relu's parameter: a local, not a use of this cell
    cells = [CodeCell(inner), CodeCell(unused), CodeCell(experiment), CodeCell(outer), CodeCell(USES_HELPER, True)]
    code = from_notebook(cells, NAMES)
    assert "def clamp_low(" in code and "def positive_part(" in code
    assert "plot_things" not in code and "randn" not in code
