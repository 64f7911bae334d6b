"""The grader as a pytest plugin, tested the way pytest plugins are: with pytester."""

from __future__ import annotations

import shutil

import pytest

from grader.paths import CHECKS, SOLUTIONS

SUBMISSIONS = CHECKS.parent.parent / "tests" / "submissions"
OPTIONS = ["--workspace", "--device", "--exercise", "--grade-seed", "--grade-timeout", "--hidden-dir"]


@pytest.fixture
def explicit_plugin(monkeypatch):
    """Load the plugin with -p only: the entry point would register the same module a second time."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    return ["-p", "grader.plugin"]


def test_entry_point_loads_the_plugin(pytester):
    config = pytester.parseconfig()
    assert config.pluginmanager.get_plugin("grader.plugin") is not None


def test_plugin_is_inert_without_grading_options(pytester):
    """An ordinary test suite runs as it would without the plugin: no parametrizing, no grading."""
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", [1, 2])
        def test_passes(n):
            assert n > 0

        def test_fails():
            assert 1 + 1 == 3

        def test_plugin_is_loaded(request):
            assert request.config.pluginmanager.get_plugin("grader.plugin") is not None
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*assert 1 + 1 == 3*"])  # pytest's own report, untouched


def test_inert_plugin_can_be_told_from_an_active_one(pytester, explicit_plugin):
    """Loaded with -p and no grading option, a check module's tests have no student to grade."""
    pytester.makepyfile(test_probe="def test_probe(request):\n    from grader.plugin import ENGINE\n"
                                   "    assert ENGINE not in request.config.stash\n")
    pytester.runpytest(*explicit_plugin).assert_outcomes(passed=1)


def test_plugin_can_be_named_with_p_while_installed(pytester, monkeypatch):
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    pytester.makepyfile("def test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "grader.plugin")
    assert result.ret == 0, result.stderr.str()[-2000:]


def test_options_show_in_help(pytester):
    result = pytester.runpytest("--help")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*grading a CNN block kit submission*"])
    for option in OPTIONS:
        result.stdout.fnmatch_lines([f"*{option}*"])


def test_check_modules_grade_a_workspace_with_teaching_messages(pytester, explicit_plugin):
    """check_ex03 on a right answer passes; check_ex05 on FLOPs fails with the diagnosis, not a traceback."""
    workspace = pytester.mkdir("workspace")
    shutil.copy(SOLUTIONS / "ex03_output_size.py", workspace)
    shutil.copy(SUBMISSIONS / "ex05_flops_instead_of_macs" / "ex05_count_macs.py", workspace)
    result = pytester.runpytest_subprocess(
        *explicit_plugin, "-p", "no:cacheprovider", "-c", str(CHECKS / "pytest.ini"), "--rootdir", str(pytester.path),
        str(CHECKS / "check_ex03_output_size.py"), str(CHECKS / "check_ex05_count_macs.py"),
        "--workspace", str(workspace), "--grade-seed", "7",
    )
    result.assert_outcomes(passed=3, failed=2)  # ex03 has 3 checks, ex05 has 2
    result.stdout.fnmatch_lines([
        "*Called conv2d_macs(3, 8, 3, 64, 64).*",
        "*Likely mistake: FLOPs instead of MACs.*",
    ])
    output = result.stdout.str()
    assert "Traceback" not in output and "raise CheckFailed" not in output and "def test_" not in output, output
