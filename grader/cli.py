"""The command-line front: `python -m grader COMMAND`.

Every command's options are declared here, its code is imported only when it runs: a
learner's `check` must not pay for the class grader's imports (nor torch's, before the
fork server has started importing it).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

LEARNER = "learners"
INSTRUCTOR = "instructors"
# The modules of the kit's own dependencies (pyproject.toml), found without importing them.
REQUIRED = ("torch", "numpy", "safetensors", "pytest", "watchfiles", "rich", "yaml")
NOT_SET_UP = 3
DEFAULT_WORKSPACE = "exercises"  # the learner's folder in the kit  # neither 0 (passed) nor 1 (a check failed): nothing was graded


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_prog(), description="Grade the CNN block kit's exercises.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: str, help: str) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=help, description=help)
        found.set_defaults(handler=handler)
        return found

    check = command("check", "grader.learner.check:run", "grade a workspace (default: exercises/)")
    check.add_argument("exercise", nargs="*", help="exercises to grade, e.g. ex03 or 3 (default: all)")
    _workspace(check)
    check.add_argument("--device", help="cuda, mps or cpu (default: CUDA, else MPS, else CPU)")
    check.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    check.add_argument("--verbose", "-v", action="store_true", help="show every failing check")
    check.add_argument("--seed", type=int, help="seed of the inputs (default: drawn from each file's content)")
    check.add_argument("--timeout", type=float, help="seconds each exercise may run")
    check.add_argument("--hidden", help="folder of instructor-only check_*.py modules (their messages stay hidden)")

    watch = command("watch", "grader.learner.watch:run", "re-check each exercise as you save it")
    _workspace(watch)
    watch.add_argument("--device", help="cuda, mps or cpu (default: CUDA, else MPS, else CPU)")

    status = command("status", "grader.learner.status:run", "where you are: the exercises that passed at their last check")
    _workspace(status)

    drill = command("drill", "grader.drill.command:run", "rapid-fire interview questions; what is due comes first")
    drill.add_argument("--topic", help="output_shape, output_size, parameters, macs, receptive_field, valid, relu, "
                                       "relu_gradient (a prefix, or several with commas; default: all)")
    drill.add_argument("--count", type=int, default=10, help="how many questions (default 10)")
    drill.add_argument("--seed", type=int, help="the same questions in the same order, whatever is due")
    drill.add_argument("--json", action="store_true", help="print the transcript as a JSON list at the end")

    interview = command("interview", "grader.drill.command:interview",
                        "a timed mock interview: a coding task in the sandbox, then questions; hints off")
    interview.add_argument("--minutes", type=float, default=30, help="how long it lasts (default 30)")
    interview.add_argument("--workspace", default="interview", help="where the coding task's file goes (default: interview)")
    interview.add_argument("--seed", type=int, help="the same task and questions for the same seed")
    interview.add_argument("--device", help="cuda, mps or cpu for grading the task (default: CUDA, else MPS, else CPU)")

    hint = command("hint", "grader.hints:run", "show the hints of an exercise, one more at a time")
    hint.add_argument("exercise")
    hint.add_argument("count", nargs="?", type=int, default=1, help="how many hints to show")

    reset = command("reset", "grader.learner.reset:run", "put an exercise's stub back (your file is saved first)")
    reset.add_argument("exercise")
    _workspace(reset)
    reset.add_argument("--yes", "-y", action="store_true", help="do not ask, even when the exercise passes")

    restore = command("restore", "grader.learner.restore:run",
                      "put a saved copy of an exercise back (lists them without BACKUP; your file is saved first)")
    restore.add_argument("exercise")
    restore.add_argument("backup", nargs="?", help="which saved copy: its number in the list, or its path")
    _workspace(restore)

    solution = command("solution", "grader.learner.solution:run", "show the reference solution of an exercise you passed")
    solution.add_argument("exercise")
    _workspace(solution)
    solution.add_argument("--reveal", action="store_true", help="show it before passing (asks you to confirm)")

    derive = command("derive", "grader.derive:run", "write exercises/ stubs from solutions/ (instructors)")
    derive.add_argument("--check", action="store_true", help="only report stale or changed stubs; exit 1 if any")
    derive.add_argument("--force", action="store_true", help="overwrite changed files too, after saving them to a backup folder")

    notebooks = command("notebooks", "grader.notebooks.cli:notebooks", "write notebooks/ from solutions/ (instructors)")
    notebooks.add_argument("--check", action="store_true", help="only report stale notebooks; exit 1 if any")
    notebooks.add_argument("--force", action="store_true", help="overwrite changed notebooks too, after a backup")
    course = command("course", "grader.notebooks.cli:course", "write the nbgrader course (nbgrader/) (instructors)")
    course.add_argument("--check", action="store_true", help="only report stale course files; exit 1 if any")
    course.add_argument("--out", help="course folder (default: nbgrader/ in the kit)")
    course.add_argument("--force", action="store_true", help="overwrite changed course files too, after a backup")

    grade = command("class", "grader.classroom.cli:run", "grade a whole class into OUT (instructors)")
    grade.add_argument("submissions", help="a folder of student folders, an nbgrader course or submitted/ folder, "
                                           "a zip of either, or a Gradescope submissions export")
    grade.add_argument("--out", required=True, help="where the result store, gradebook.csv and reports go")
    grade.add_argument("--jobs", type=int, help="submissions graded at once (default: two per CPU core)")
    grade.add_argument("--timeout", type=float, help="seconds each exercise of a submission may run (default 10)")
    grade.add_argument("--memory", type=int, help="memory cap of each run, in MB (default 4096)")
    grade.add_argument("--device", help="cuda, mps or cpu (default: CUDA, else MPS, else CPU)")
    grade.add_argument("--hidden", help="folder of instructor-only check_*.py modules")
    grade.add_argument("--seed", type=int, help="one seed for every input (default: drawn from each file's content)")
    grade.add_argument("--exercises", help="the assignment's exercises, e.g. ex01,ex02 (default: all of the catalog)")
    grade.add_argument("--force", action="store_true", help="grade again what the result store already holds")
    grade.add_argument("--scheduler", help="grade on Dask: tcp://HOST:PORT, or 'local' for a cluster on this machine")
    grade.add_argument("--no-similarity", action="store_true", help="leave the similarity triage out of report.html")
    grade.add_argument("--unconfined", action="store_true",
                       help="grade even where the system lacks the sandbox's walls (Landlock, seccomp): trusted code only")
    grade.add_argument("--adjustments", metavar="FILE", help="CSV student,exercise,adjustment,comment of instructor "
                                                              "adjustments (+2, -1.5, =8, -10%%/day): applied in every export")
    grade.add_argument("--deadline", help="when the work was due, e.g. 2026-12-01T23:59+01:00 (no offset: UTC); "
                                          "lateness from the source's submission times")

    report = command("report", "grader.classroom.report_command:run", "write OUT/report.html again from the result store")
    report.add_argument("out", help="the --out folder of an earlier `grader class`")
    report.add_argument("--no-similarity", action="store_true", help="leave the similarity triage out")

    gradescope = command("gradescope", "grader.platforms.gradescope.bundle:run",
                         "write a Gradescope autograder zip (instructors)")
    gradescope.add_argument("--out", required=True, help="the zip to write, e.g. autograder.zip")
    gradescope.add_argument("--hidden", help="folder of instructor-only check_*.py modules to include")
    gradescope.add_argument("--exercises", help="the assignment's exercises, e.g. ex01,ex02 (default: all)")
    _platform_options(gradescope, memory=768, timeout=600)

    prairielearn = command("prairielearn", "grader.platforms.prairielearn.bundle:run",
                           "write a PrairieLearn external grader and questions (instructors)")
    prairielearn.add_argument("--out", required=True, help="a folder to write the course files into")
    prairielearn.add_argument("--hidden", help="folder of instructor-only check_*.py modules to include")
    prairielearn.add_argument("--exercises", help="the exercises to make questions of (default: all)")
    prairielearn.add_argument("--image", help="the grader image's name (default: cnn-block-kit-grader)")
    _platform_options(prairielearn, memory=2048, timeout=90)
    return parser


def _prog() -> str:
    from grader.commands import prefix

    return prefix()


def _platform_options(parser: argparse.ArgumentParser, memory: int, timeout: int) -> None:
    parser.add_argument("--torch-index", metavar="URL",
                        help="where the image installs torch from (default: PyTorch's CPU wheel index; "
                             "'' for pip's configured index)")
    parser.add_argument("--platform-memory", type=int, metavar="MB",
                        help=f"the memory the platform gives the grader (default {memory})")
    parser.add_argument("--platform-timeout", type=int, metavar="S",
                        help=f"the time the platform gives one submission (default {timeout})")
    parser.add_argument("--timeout", type=float, metavar="S", help="seconds each exercise may run (default 20)")


def _workspace(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", default=DEFAULT_WORKSPACE, help="folder laid out like exercises/ (default: exercises)")


def missing_packages() -> list[str]:
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


# The commands that fork a sandbox, and so cannot run without os.fork (grader/system.py).
FORKING = {"check", "watch", "class"}


def main(argv: list[str] | None = None) -> int:
    from grader.commands import KIT_FORM

    missing = missing_packages()
    if missing:  # e.g. a bare `python` in a fresh shell: say how to set up, in one line, not a traceback
        print(f"error: this Python ({sys.executable}) lacks the kit's packages ({', '.join(missing)}): run "
              f"`make check` in the kit's folder once, then use {KIT_FORM} ...", file=sys.stderr)
        return NOT_SET_UP
    args = _parser().parse_args(argv)
    if args.command in FORKING:
        from grader import system

        if system.refusal():
            print(system.refusal(), file=sys.stderr)
            return 2
    module, function = args.handler.split(":")
    try:
        return getattr(importlib.import_module(module), function)(args)
    except KeyError as exc:  # an unknown exercise name
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
