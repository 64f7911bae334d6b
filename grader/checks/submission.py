"""A submission's answers for one exercise, parsed from the sandbox's frames.

Checks ask it for a value; anything but a clean answer (an exception, a time-out, a
crash, a forbidden call, malformed data) becomes a CheckFailed that says what happened.
"""

from __future__ import annotations

import re
import signal
from dataclasses import dataclass, field

import torch

from grader.checks.plan import Op
from grader.sandbox import protocol


class CheckFailed(AssertionError):
    """A check's verdict with the message the learner reads, and the mistake it names, if any."""

    def __init__(self, message: str, mistake: str | None = None) -> None:
        super().__init__(message)
        self.mistake = mistake


@dataclass
class Answer:
    ok: bool
    value: object = None
    error: dict | None = None


@dataclass
class Run:
    """Everything one sandbox run produced for one unit: a check module on one exercise file."""

    exercise: str
    file: str
    ops: dict[str, Op]
    device: torch.device
    timeout_s: float
    answers: dict[str, Answer] = field(default_factory=dict)
    import_error: dict | None = None
    failure: dict | None = None  # how the unit ended when it did not finish (attempt.py)
    problem: str | None = None  # the unit as a whole could not be read or run
    output: str = ""
    output_total: int = 0
    violations: set[str] = field(default_factory=set)
    source: str | None = None
    forbidden: str | None = None  # set when a rule of the exercise was broken: every check fails
    seconds: float = 0.0
    memo: dict = field(default_factory=dict)  # what checks computed once for this run (references)

    def once(self, key: str, compute):
        """compute(), the first time this run asks for key; its result from then on."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def __repr__(self) -> str:  # short: pytest may print it, and the inputs are long
        return f"<Run of {self.file}>"

    def value(self, op_id: str) -> object:
        """The decoded value op_id returned, or CheckFailed explaining why there is none."""
        op = self.ops[op_id]
        if self.problem:
            raise CheckFailed(self.problem)
        if self.forbidden:
            raise CheckFailed(self.forbidden)
        if self.import_error is not None:
            raise CheckFailed(f"Importing {self.file} failed, so nothing in it could be checked. {describe_error(self.import_error)}")
        answer = self.answers.get(op_id)
        if answer is None:
            raise CheckFailed(f"Called {op.describe()}.\n{self._why_no_answer()}")
        if not answer.ok:
            raise CheckFailed(f"Called {op.describe()}.\nIt raised {describe_error(answer.error)}")
        return answer.value

    @property
    def status(self) -> str:
        """graded, or what went wrong for the student: timeout, memory, error."""
        failure = self.failure or {}
        if failure.get("kind") == "timeout":
            return "timeout"
        errors = [a.error for a in self.answers.values() if a.error] + [self.import_error or {}]
        if failure.get("memory") or any(_is_memory(e) for e in errors):
            return "memory"
        if self.problem or self.import_error or failure.get("kind") in ("ended", "protocol"):
            return "error"
        return "graded"

    def _why_no_answer(self) -> str:
        failure = self.failure or {}
        kind = failure.get("kind")
        if kind == "timeout" and failure.get("budget") == "not run":
            return (f"Not run: this submission already ran past its time limit ({self.timeout_s:g} s) in "
                    f"{failure.get('timeouts', 0)} exercises, or past its total time. Look for a loop that never "
                    "ends, or work that grows too fast, in those exercises.")
        if kind == "timeout" and failure.get("budget") == "spent":
            return ("It was stopped when the submission's total time ran out (a few times the per-exercise "
                    f"limit of {self.timeout_s:g} s). Look for work that grows too fast.")
        if kind == "timeout":
            return (f"It did not return within {self.timeout_s:g} s, the time limit. "
                    "Look for a loop that never ends, or work that grows too fast.")
        if kind == "protocol":
            return f"Your code sent back data the grader cannot read ({failure.get('message', '')}): return only what is asked."
        if failure.get("memory"):
            return "The process running your code ran out of memory and was stopped: is a tensor much larger than the exercise needs?"
        sig = failure.get("signal")
        if sig:
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            return f"The process running your code was killed by {name} before it answered."
        code = failure.get("code")
        if code not in (None, 0):
            return f"The process running your code exited (code {code}) before it answered: does it call exit()?"
        return "Your code ended the process before it answered (did it call os._exit() or exit()?)."


def _is_memory(error: dict) -> bool:
    text = (error.get("type", "") + " " + error.get("message", "")).lower()
    return "memoryerror" in text or "out of memory" in text or "can't allocate memory" in text


def describe_error(error: dict | None) -> str:
    """`NotImplementedError: ... (at ex07_conv2d_loops.py, line 31: ...)` plus what it likely means."""
    error = error or {}
    kind, message, where = error.get("type", "an error"), error.get("message", ""), error.get("where", "")
    text = f"{kind}: {message}" if message else kind
    if where and "raise NotImplementedError" not in where:  # the stub's own line says nothing new
        text += f"\n  at {where}"
    if kind == "ForbiddenOperation":
        text += "\nThis exercise asks you to write that operation yourself."
    elif _is_memory(error):
        text += "\nIt ran out of memory: is a tensor much larger than the exercise needs?"
    elif kind in ("ModuleNotFoundError", "ImportError") and _sibling_exercise(message):
        text += (f"\n{_sibling_exercise(message)} is another exercise: each exercise file is graded on its own, "
                 "with no other exercise beside it. To reuse your code, copy the function you need into this file.")
    elif kind == "SystemExit":
        text = f"exit() ({message}): a submission must not end the process"
    return text


def _sibling_exercise(message: str) -> str | None:
    """The exercise an import names ("No module named 'ex08_conv2d_unfold'"), if it names one."""
    from grader.catalog import load

    names = {e.name for e in load().exercises}
    return next((name for name in re.findall(r"'(ex\d\d_\w+)'", message) if name in names), None)


def parse_unit(raw, exercise: str, file: str, ops: list[Op], device: torch.device,
               timeout_s: float, source: str | None) -> Run:
    """Build a Run from a unit's untrusted frames; malformed data only spoils this run."""
    run = Run(exercise, file, {op.id: op for op in ops}, device, timeout_s, source=source,
              failure=raw.failure, seconds=raw.seconds)
    run.output = bytes(raw.output).decode("utf-8", "replace")
    run.output_total = raw.output_total
    run.violations = set(raw.violations)
    for node, blob in raw.frames:
        try:
            tensors = protocol.load_blob(blob)
            _take(run, node, tensors)
        except (protocol.ProtocolError, KeyError, TypeError, ValueError):
            run.problem = "The grader could not read what your code sent back (malformed data)."
            break
    return run


def _take(run: Run, node: dict, tensors: dict) -> None:
    frame_id = node.get("id")
    if frame_id == "import":
        if node.get("ok") is not True:
            run.import_error = _error(node.get("error"))
    elif type(frame_id) is str and frame_id in run.ops and frame_id not in run.answers:  # the first answer counts
        if node.get("ok") is True:
            run.answers[frame_id] = Answer(True, protocol.decode(node["value"], tensors))
        else:
            run.answers[frame_id] = Answer(False, error=_error(node.get("error")))


def _error(error: object) -> dict:
    if type(error) is not dict:
        return {"type": "an error", "message": "", "where": ""}
    return {k: str(error.get(k, ""))[:1000] for k in ("type", "message", "where")}
