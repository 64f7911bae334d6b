"""A submission's answers for one exercise, parsed from the sandbox's frames.

Checks ask it for a value; anything but a clean answer (an exception, a time-out, a
crash, a forbidden call, malformed data) becomes a CheckFailed that says what happened.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field

import torch

from grader.checks.plan import Op
from grader.sandbox import protocol


class CheckFailed(AssertionError):
    """A check's verdict with the message the learner reads."""


@dataclass
class Answer:
    ok: bool
    value: object = None
    error: dict | None = None


@dataclass
class Run:
    """Everything one sandbox run produced for one (student, exercise)."""

    exercise: str
    file: str
    ops: dict[str, Op]
    device: torch.device
    timeout_s: float
    answers: dict[str, Answer] = field(default_factory=dict)
    import_error: dict | None = None
    exit: dict = field(default_factory=dict)
    problem: str | None = None  # the run as a whole could not be read
    output: str = ""
    output_total: int = 0
    violations: set[str] = field(default_factory=set)
    confinement: str = ""
    source: str | None = None
    forbidden: str | None = None  # set when a forbidden operation was used: every check fails

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

    def _why_no_answer(self) -> str:
        if self.exit.get("timed_out") or self.exit.get("backstop"):
            return (f"It did not return within {self.timeout_s:g} s, the time limit. "
                    "Look for a loop that never ends, or work that grows too fast.")
        sig = self.exit.get("signal")
        if sig:
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            return f"The process running your code was killed by {name} before it answered."
        code = self.exit.get("code")
        if code not in (None, 0):
            return f"The process running your code exited (code {code}) before it answered: does it call exit()?"
        return "Your code ended the process before it answered (did it call os._exit() or exit()?)."


def describe_error(error: dict | None) -> str:
    """`NotImplementedError: ... (at ex07_conv2d_loops.py, line 31: ...)` plus what it likely means."""
    error = error or {}
    kind, message, where = error.get("type", "an error"), error.get("message", ""), error.get("where", "")
    text = f"{kind}: {message}" if message else kind
    if where and "raise NotImplementedError" not in where:  # the stub's own line says nothing new
        text += f"\n  at {where}"
    if kind == "ForbiddenOperation":
        text += "\nThis exercise asks you to write that operation yourself."
    elif kind in ("MemoryError",) or "can't allocate memory" in message or "out of memory" in message.lower():
        text += "\nIt ran out of memory: is a tensor much larger than the exercise needs?"
    elif kind == "SystemExit":
        text = f"exit() ({message}): a submission must not end the process"
    return text


def parse_run(raw, exercise: str, file: str, ops: list[Op], device: torch.device,
              timeout_s: float, source: str | None) -> Run:
    """Build a Run from untrusted bytes; malformed data only spoils this run."""
    run = Run(exercise, file, {op.id: op for op in ops}, device, timeout_s, source=source)
    run.output = raw.output.decode("utf-8", "replace")
    run.output_total = raw.output_total
    if raw.overflow:
        run.problem = "Your code sent back more data than the grader accepts (64 MB): return only what is asked."
        return run
    try:
        frames = protocol.unpack_frames(bytes(raw.result))
    except protocol.ProtocolError as exc:
        run.problem = f"The grader could not read what your code sent back ({exc})."
        return run
    for node, tensors in frames:
        try:
            _take(run, node, tensors)
        except (protocol.ProtocolError, KeyError, TypeError, ValueError):
            run.problem = "The grader could not read what your code sent back (malformed data)."
            return run
    if raw.backstop:
        run.exit["backstop"] = True
    return run


def _take(run: Run, node: object, tensors: dict) -> None:
    if type(node) is not dict or type(node.get("id")) is not str:
        raise protocol.ProtocolError("frame without id")
    frame_id = node["id"]
    if frame_id == "hello":
        run.confinement = str(node.get("confinement", ""))[:200]
    elif frame_id == "import":
        if node.get("ok") is not True:
            run.import_error = _error(node.get("error"))
    elif frame_id == "exit":
        run.exit = {k: node.get(k) for k in ("timed_out", "code", "signal", "seconds", "peak_rss_mb", "leftover_processes")}
    elif frame_id == "end":
        run.violations.update(str(v)[:200] for v in node.get("violations", [])[:50])
    elif frame_id in run.ops and frame_id not in run.answers:  # the first answer counts
        run.violations.update(str(v)[:200] for v in node.get("violations", [])[:50])
        if node.get("ok") is True:
            run.answers[frame_id] = Answer(True, protocol.decode(node["value"], tensors))
        else:
            run.answers[frame_id] = Answer(False, error=_error(node.get("error")))


def _error(error: object) -> dict:
    if type(error) is not dict:
        return {"type": "an error", "message": "", "where": ""}
    return {k: str(error.get(k, ""))[:1000] for k in ("type", "message", "where")}
