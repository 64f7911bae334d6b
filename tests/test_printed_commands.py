"""Every command the kit prints runs as printed (issue 22): a learner copies `Next: ... hint ex05 2` into a
fresh shell, with no virtual environment active, from the kit's folder. A whole learner session is run,
every grader and make command in its output is collected, and each is run again from a plain shell.
A Python without the kit's packages gets one line that says to run `make check`, and exit status 3."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PYTHON, REPO_ROOT, derived_stubs

COMMAND = re.compile(r"(?:^|(?<=\s))(\S*python\S* -m grader(?: [^\s();]+)*)")
WORKSPACE_COMMAND = re.compile(r"-m grader (check|watch|status|reset|restore|solution)\b")
MAKE = re.compile(r"`?make ([a-z-]+)`?")
SOLUTIONS = REPO_ROOT / "solutions"


def plain_shell(command: str, stdin: str = "") -> subprocess.CompletedProcess:
    """command in bash from the kit's folder, with the PATH of a fresh login and no virtual environment;
    only the test suite's own state folders are kept (the kit's real ones are the learner's)."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
           "CNN_KIT_STATE": os.environ["CNN_KIT_STATE"], "CNN_KIT_BACKUPS": os.environ["CNN_KIT_BACKUPS"]}
    return subprocess.run(["bash", "-c", command], cwd=REPO_ROOT, env=env, input=stdin, capture_output=True,
                          text=True, timeout=180)


def session(workspace: Path) -> str:
    """What a learner reads over a session: checks of a stub, a wrong answer and a pass, hints, a refused
    solution, a status, a reset (refused, then done), the backups listed and one restored."""
    ws = ("--workspace", str(workspace))

    def grader(*args: str, stdin: str = "") -> str:
        done = subprocess.run([PYTHON, "-m", "grader", *args], cwd=REPO_ROOT, input=stdin, capture_output=True,
                              text=True, timeout=180)
        return done.stdout + done.stderr

    said = [grader("status", *ws), grader("check", "ex05", *ws), grader("hint", "ex05"), grader("solution", "ex05", *ws)]
    wrong = (SOLUTIONS / "ex05_count_macs.py").read_text().replace("return macs_per_output", "return 2 * macs_per_output")
    assert wrong != (SOLUTIONS / "ex05_count_macs.py").read_text()
    (workspace / "ex05_count_macs.py").write_text(wrong)
    said.append(grader("check", "ex05", "-v", *ws))
    shutil.copy(SOLUTIONS / "ex05_count_macs.py", workspace)
    said += [grader("check", "ex05", *ws), grader("status", *ws), grader("reset", "ex05", *ws),
             grader("reset", "ex05", *ws, stdin="y\n"), grader("restore", "ex05", *ws),
             grader("restore", "ex05", "1", *ws), grader("derive", "--check")]
    return "\n".join(said)


def test_every_command_printed_over_a_learner_session_runs_from_a_plain_shell(tmp_path):
    workspace = derived_stubs(tmp_path / "ws")
    text = session(workspace)
    commands = sorted(set(COMMAND.findall(text)))
    assert any(" hint ex05 2" in c for c in commands), text  # the teaching path is covered
    assert any(" restore ex05 1" in c for c in commands) and any(" reset ex05 --yes" in c for c in commands), text
    for command in commands:
        assert not command.startswith("python "), f"a bare `python` may lack the kit's packages: {command}"
        if WORKSPACE_COMMAND.search(command) and "--workspace" not in command:
            # a stub's own line (`then run: ... check ex05`) is written once, for exercises/; this test may
            # not grade the learner's real folder, so it runs the same command on the session's workspace
            command += f" --workspace {workspace}"
        if " watch" in command:  # never ends by itself: that it starts and parses is what is asked of it
            command += " --help"
        done = plain_shell(command)
        out = done.stdout + done.stderr
        assert done.returncode in (0, 1), f"{command} exited {done.returncode}:\n{out[-2000:]}"
        assert "Traceback" not in out and "No module named" not in out, f"{command}:\n{out[-2000:]}"
    for target in sorted(set(MAKE.findall(text))):
        assert plain_shell(f"make -n {target}").returncode == 0, f"`make {target}` is printed but is no target"


def test_the_readme_and_site_print_commands_that_run_from_a_plain_shell():
    """Each `python -m grader` the README and the site show names the kit's interpreter."""
    pages = [REPO_ROOT / "README.md", *(REPO_ROOT / "site").rglob("*.md")]
    bare = [f"{page.relative_to(REPO_ROOT)}: {line.strip()}" for page in pages
            for line in page.read_text(encoding="utf-8").splitlines()
            if re.search(r"(?<![\w./-])python -m grader", line) and "A bare `python -m grader" not in line]
    assert not bare, "bare `python -m grader` commands:\n" + "\n".join(bare)


def test_a_python_without_the_kits_packages_says_to_run_make_check_and_exits_3(tmp_path):
    bare = tmp_path / "bare"
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(bare)],
                   check=True, timeout=120)
    for args in (["check", "ex01"], ["hint", "ex01"], ["status"], ["watch"]):
        done = subprocess.run([str(bare / "bin" / "python"), "-m", "grader", *args], cwd=REPO_ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 3, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "make check" in lines[0] and "Traceback" not in done.stderr, done.stderr
