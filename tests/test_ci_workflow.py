"""The CI workflow (.github/workflows/ci.yml) is valid YAML, covers Linux and macOS on Python
3.11-3.13, and runs the commands the README tells learners to run, no others."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "ci.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def _commands() -> list[str]:
    return [step["run"].strip() for job in _workflow()["jobs"].values() for step in job["steps"] if "run" in step]


def _readme_make_commands() -> set[str]:
    """Every `make TARGET` the README shows in a shell block."""
    blocks = re.findall(r"```sh\n(.*?)```", (REPO_ROOT / "README.md").read_text(), re.S)
    return {m for block in blocks for m in re.findall(r"^(make [a-z-]+)", block, re.M)}


def test_the_workflow_is_valid_yaml_with_a_linux_and_macos_matrix():
    workflow = _workflow()
    assert workflow.get("on", workflow.get(True)) is not None  # YAML 1.1 reads a bare `on` as true
    for job in workflow["jobs"].values():
        matrix = job["strategy"]["matrix"]
        assert {"ubuntu-latest", "macos-latest"} <= set(matrix["os"])
        assert matrix["python"] == ["3.11", "3.12", "3.13"]
        assert job["runs-on"] == "${{ matrix.os }}"
        setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
        assert setup["with"]["python-version"] == "${{ matrix.python }}"


def test_the_workflow_runs_the_readmes_commands():
    commands = _commands()
    readme = _readme_make_commands()
    assert "make check" in commands and "make test-learner" in commands
    assert set(commands) <= readme, f"commands the README does not show: {set(commands) - readme}"


def test_the_learners_tests_exist():
    makefile = (REPO_ROOT / "Makefile").read_text()
    listed = re.search(r"^LEARNER_TESTS := (.*?)\n\S", makefile, re.S | re.M).group(1)
    files = listed.replace("\\", " ").split()
    assert "tests/test_posix_fallback.py" in files and "tests/test_watch.py" in files
    for name in files:
        assert (REPO_ROOT / name).is_file(), name
