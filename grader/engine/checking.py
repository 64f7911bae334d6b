"""Run a check module's checks on one unit's answers, in the grader's own process.

Each check is a plain function of the run: it returns (passed), raises CheckFailed with
the message the learner reads (failed), or raises anything else, which is the grader's
own bug (error: never the learner's fault, and never counted as the learner's 0).
Hidden checks pass or fail like any other, but their names and messages are masked.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from grader.checks.submission import CheckFailed, Run
from grader.engine.suite import CheckModule, hidden_name
from grader.paths import KIT_ROOT

HIDDEN_FAILURE = ("A hidden check failed. Hidden checks use inputs you have not seen: make sure your code "
                  "handles every valid input the task describes, not only the examples.")
GRADER_FAILED = "The grader itself failed on this check ({kind}); this is not your mistake. Please report it."
OVER_BUDGET = ("The grader's own checks of this exercise ran past their time budget ({budget:g} s); "
               "this is not your mistake.")


@dataclass
class Outcome:
    name: str
    status: str  # passed, failed, error
    message: str = ""
    mistake: str | None = None
    hidden: bool = False


def run_checks(module: CheckModule, run: Run, budget_s: float) -> list[Outcome]:
    outcomes = []
    started = time.monotonic()
    for check in module.checks:
        name = hidden_name(module, check) if module.hidden else check.name
        if time.monotonic() - started > budget_s:
            outcomes.append(Outcome(name, "error", OVER_BUDGET.format(budget=budget_s), hidden=module.hidden))
            continue
        if run.forbidden:  # a broken rule fails every check, whatever the check looks at
            outcomes.append(Outcome(name, "failed", HIDDEN_FAILURE if module.hidden else run.forbidden,
                                    hidden=module.hidden))
            continue
        try:
            check.function(run, **check.kwargs)
            outcomes.append(Outcome(name, "passed", hidden=module.hidden))
        except CheckFailed as failed:
            message = HIDDEN_FAILURE if module.hidden else str(failed)
            mistake = None if module.hidden else failed.mistake
            outcomes.append(Outcome(name, "failed", message, mistake, module.hidden))
        except Exception as exc:  # noqa: BLE001 - the grader's own bug: say so, never blame the learner
            outcomes.append(Outcome(name, "error", grader_failed(exc, module.hidden), hidden=module.hidden))
    return outcomes


def grader_failed(exc: BaseException, hidden: bool) -> str:
    """GRADER_FAILED, naming the exception and the kit's last line it passed through, for the report
    the message asks for (no message text: it could hold an expected value; a hidden check: no line)."""
    kind = type(exc).__name__
    for frame in [] if hidden else reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(KIT_ROOT) and ".venv" not in path.relative_to(KIT_ROOT).parts:
            kind += f" at {path.relative_to(KIT_ROOT)}:{frame.lineno}, in {frame.name}"
            break
    return GRADER_FAILED.format(kind=kind)


def problem_outcomes(module: CheckModule, problem: str) -> list[Outcome]:
    """Every check of a module fails with the one reason its exercise could not run."""
    message = HIDDEN_FAILURE if module.hidden else problem
    return [Outcome(hidden_name(module, c) if module.hidden else c.name, "failed", message, hidden=module.hidden)
            for c in module.checks]
