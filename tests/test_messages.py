"""Every message is exact: type messages say what was expected and what came back, a summary names its checks."""

from __future__ import annotations

import pytest

from grader.checks.compare import type_hint
from grader.checks.teach import type_problem
from grader.sandbox.protocol import Unsupported


@pytest.mark.parametrize("value, wanted", [
    (4.5, "The answer must be an int, not a float. / always gives a float: use // for floor division, or int()."),
    ("64", "The answer must be an int, not a str."),
    (None, "The answer must be an int, not None."),
    (4.0, "The number is right, but it must be an int: use // for floor division, or int()."),
])
def test_a_type_message_says_what_was_expected_and_what_came_back(value, wanted):
    assert type_hint(value, 4) == wanted
    assert type_problem(value, 4) == wanted


def test_no_type_message_lists_the_returned_type_as_accepted():
    """"Return a plain int: the grader accepts ... float, str" contradicted itself when a float or str came back."""
    for value in (4.5, "4", [4], (4,), {"a": 4}):
        message = type_hint(value, 4)
        assert "accepts" not in message and type(value).__name__ in message, message


def test_an_object_the_grader_cannot_read_is_told_what_it_accepts():
    message = type_hint(Unsupported("numpy.ndarray", ""), 4)
    assert message.startswith("Return a plain int: the grader accepts only built-in types"), message


def test_a_summary_of_failing_checks_names_them(grader_cli, tmp_path):
    (tmp_path / "ex03_output_size.py").write_text("from ex02_predict_shapes import predict_shapes\n")
    done = grader_cli("check", "--workspace", str(tmp_path), "ex03")
    assert ("All 3 failing checks (seed_layer_keeps_64, matches_pytorch_on_random_configurations, "
            "raises_value_error_when_output_is_below_1) say:") in done.stdout, done.stdout
    assert "each exercise file is graded on its own" in done.stdout, done.stdout


def _oracle_refuses(run):
    """A check whose reference call fails inside torch, as ex03's did with a size below its kernel."""
    import torch

    torch.nn.functional.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 7, 7))


def test_a_grader_failure_names_where_it_happened_and_gives_nothing_else_away():
    """"Please report it" with the exception and the kit's last line, not the exception's text (which could
    hold an expected value); a hidden check's line is not named."""
    from pathlib import Path
    from types import SimpleNamespace

    from grader.engine import checking
    from grader.engine.suite import Check

    check = Check("refused", _oracle_refuses, {})
    run = SimpleNamespace(forbidden="")
    line = _oracle_refuses.__code__.co_firstlineno + 4
    for hidden, wanted in ((False, f"(RuntimeError at tests/test_messages.py:{line}, in _oracle_refuses)"),
                           (True, "(RuntimeError)")):
        module = SimpleNamespace(checks=(check,), hidden=hidden, path=Path("check_ex03_output_size.py"))
        [outcome] = checking.run_checks(module, run, budget_s=60)
        assert outcome.status == "error" and wanted in outcome.message, outcome.message
        assert "kernel" not in outcome.message.lower() and "torch" not in outcome.message
