"""One sandboxed child, watched from the grader: its answers, output and end, unit by unit.

The grader holds four pipes per child: answers and output (written by the worker, so
untrusted), the supervisor's status (how the worker ended, from the kernel) and control
(a byte, or end of file, tells the supervisor to stop the run). Every wait has a deadline:
each unit gets timeout_s from the end of the one before; a supervisor that does not answer
a stop is killed. Units are handed over as they end, so checks overlap the child's work.
"""

from __future__ import annotations

import json
import math
import os
import select
import signal
import time
from dataclasses import dataclass, field

from grader.sandbox.frames import FrameReader
from grader.sandbox.protocol import ProtocolError

STARTUP_S = 10.0  # the first unit's allowance for the child's own set-up, on top of its limit
STOP_GRACE_S = 5.0  # a supervisor asked to stop must report within this, or it is killed
MAX_STATUS = 1 << 16
POLL_S = 0.25  # how often a waiting thread looks at the grader's stop flag


@dataclass
class UnitRaw:
    """What came back for one unit, still untrusted data."""

    frames: list = field(default_factory=list)  # (node, blob) of its import and answers
    output: bytearray = field(default_factory=bytearray)
    output_total: int = 0
    violations: list = field(default_factory=list)
    ended: bool = False  # its end frame arrived
    failure: dict | None = None  # how it ended when it did not: {"kind": ..., ...}
    seconds: float = 0.0


@dataclass
class Outcome:
    raws: dict  # unit index -> UnitRaw, for the units this child reached
    next_unit: int  # the first unit it did not reach
    confinement: str = ""
    infra: str = ""  # the grader's own failure, when there was one


class Attempt:
    """One child running units[first:] of a request."""

    def __init__(self, ops: list[set[str]], first: int, timeout_s: float, output_limit: int, stopping,
                 budget_end: float = math.inf) -> None:
        """ops: the op ids of each unit, in order; first: the unit this child starts at;
        budget_end: when the submission's total time budget runs out (time.monotonic())."""
        self.ops, self.units, self.current, self.timeout_s = ops, len(ops), first, timeout_s
        self.budget_end = budget_end
        self.output_limit, self.stopping = output_limit, stopping
        self.raws: dict[int, UnitRaw] = {}
        self.reader = FrameReader()
        self.confinement, self.hello = "", False
        self.stop_reason: str | None = None
        self.protocol_error = ""

    def run(self, zygote, request: dict, inputs: bytes, on_unit) -> Outcome:
        ends = [os.pipe() for _ in range(4)]  # answers, output, status: child writes; control: we write
        theirs = [ends[0][1], ends[1][1], ends[2][1], ends[3][0]]
        self.result_fd, self.output_fd, self.status_fd = ends[0][0], ends[1][0], ends[2][0]
        self.control_fd = ends[3][1]
        for fd in (self.result_fd, self.output_fd, self.status_fd):
            os.set_blocking(fd, False)
        try:
            try:
                self.pid = zygote.fork({**request, "first_unit": self.current}, inputs, theirs)
            finally:
                for fd in theirs:
                    os.close(fd)
        except (OSError, EOFError, RuntimeError, ValueError) as exc:
            self._close()
            return Outcome({}, self.current, infra=f"the sandbox could not start a run ({type(exc).__name__}: {exc})")
        try:
            status = self._watch(on_unit)
        finally:
            self._close()
        return self._outcome(status)

    def _watch(self, on_unit) -> bytes | None:
        status = bytearray()
        open_fds = {self.output_fd, self.result_fd, self.status_fd}
        self.unit_started = time.monotonic()
        self.deadline = min(self.unit_started + self.timeout_s + STARTUP_S, self.budget_end)
        stop_sent = None
        while self.status_fd in open_fds:
            now, deadline = time.monotonic(), self.deadline
            if self.stop_reason is None and self.stopping():
                self._stop("interrupted")
            if self.stop_reason is None and now > deadline:
                self._stop("timeout")
            if self.stop_reason is not None and stop_sent is None:
                stop_sent = now
            if stop_sent is not None and now > stop_sent + STOP_GRACE_S:
                _kill_session(self.pid)  # the supervisor did not answer: the grader's own trouble
                return None
            wait = max(0.0, min(deadline - now, POLL_S))
            ready = select.select(list(open_fds), [], [], wait)[0]
            # Output before answers: what the code printed belongs to the unit it printed in.
            for fd in sorted(ready, key=lambda f: f != self.output_fd):
                chunk = _read(fd)
                if chunk is None:
                    continue
                if not chunk:
                    open_fds.discard(fd)
                elif fd == self.output_fd:
                    self._output(chunk)
                elif fd == self.result_fd:
                    ended_before = self.current
                    self._answers(chunk, on_unit)
                    if self.current != ended_before:  # a unit ended: the next one's clock starts
                        self.deadline = min(time.monotonic() + self.timeout_s, self.budget_end)
                elif len(status) < MAX_STATUS:
                    status += chunk
        if self.result_fd in open_fds:  # answers still buffered in the pipe when the status came
            while (chunk := _read(self.result_fd)):
                self._answers(chunk, on_unit)
        return bytes(status)

    def _stop(self, reason: str) -> None:
        self.stop_reason = reason
        try:
            os.write(self.control_fd, b"s")
        except OSError:
            pass

    def _raw(self) -> UnitRaw:
        """The running unit's record; output after the last unit ended belongs to the last unit."""
        return self.raws.setdefault(min(self.current, self.units - 1), UnitRaw())

    def _output(self, chunk: bytes) -> None:
        raw = self._raw()
        raw.output_total += len(chunk)
        room = self.output_limit - len(raw.output)
        if room > 0:
            raw.output += chunk[:room]

    def _answers(self, chunk: bytes, on_unit) -> None:
        if self.protocol_error:
            return
        try:
            frames = self.reader.feed(chunk)
        except ProtocolError as exc:
            self.protocol_error = str(exc)
            self._stop("protocol")
            return
        for node, blob in frames:
            if type(node) is not dict:
                continue
            kind = node.get("id")
            if kind == "hello" and not self.hello:
                self.hello = True
                self.confinement = str(node.get("confinement", ""))[:600]
            elif node.get("unit") != self.current or self.current >= self.units:
                continue  # a frame for another unit than the running one: only its author loses
            elif kind == "begin":  # the child is set up: the unit has its limit from here, no more
                self.unit_started = time.monotonic()
                self.deadline = min(self.deadline, self.unit_started + self.timeout_s)
            elif kind == "end":
                if not self._complete(self._raw()):  # the worker ends a unit after every answer:
                    self.protocol_error = "a unit ended before all its answers came: something wrote to the answers' pipe"
                    self._stop("protocol")
                    return
                raw = self._raw()
                raw.ended = True
                raw.seconds = time.monotonic() - self.unit_started
                violations = node.get("violations")
                raw.violations = [str(v)[:200] for v in violations[:50]] if type(violations) is list else []
                on_unit(self.current, raw)
                self.current += 1
                self.unit_started = time.monotonic()
            else:
                self._raw().frames.append((node, blob))

    def _complete(self, raw: UnitRaw) -> bool:
        """The import's frame came, and, when it succeeded, an answer for every op."""
        kinds = {node.get("id") for node, _ in raw.frames}
        imported = [node for node, _ in raw.frames if node.get("id") == "import"]
        if not imported:
            return False
        return imported[0].get("ok") is not True or self.ops[self.current] <= kinds

    def _outcome(self, status: bytes | None) -> Outcome:
        record = _status(status)
        if record is None:
            return Outcome(self.raws, self.current, self.confinement,
                           infra="the sandbox's supervisor ended without saying how the run ended")
        if self.current >= self.units:
            return Outcome(self.raws, self.current, self.confinement)
        if not self.hello and self.stop_reason != "interrupted":
            code = record.get("code")
            return Outcome(self.raws, self.current, self.confinement,
                           infra=f"the sandbox could not confine itself before running the code (exit {code})")
        raw = self._raw()
        raw.seconds = time.monotonic() - self.unit_started
        raw.failure = self._failure(record)
        return Outcome(self.raws, self.current + 1, self.confinement)

    def _failure(self, record: dict) -> dict:
        if self.stop_reason == "interrupted":
            return {"kind": "interrupted"}
        if self.stop_reason == "timeout" or record.get("ending") == "deadline":
            if time.monotonic() >= self.budget_end:
                return {"kind": "timeout", "seconds": self.timeout_s, "budget": "spent"}
            return {"kind": "timeout", "seconds": self.timeout_s}
        if self.stop_reason == "protocol":
            return {"kind": "protocol", "message": self.protocol_error}
        return {"kind": "ended", "code": record.get("code"), "signal": record.get("signal"),
                "memory": bool(record.get("oom_killed"))}

    def _close(self) -> None:
        for fd in (self.result_fd, self.output_fd, self.status_fd, self.control_fd):
            try:
                os.close(fd)  # closing control also tells a supervisor still running to stop
            except OSError:
                pass


def _read(fd: int) -> bytes | None:
    try:
        return os.read(fd, 1 << 16)
    except BlockingIOError:
        return None
    except OSError:
        return b""


def _status(data: bytes | None) -> dict | None:
    if not data:
        return None
    try:
        record = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return record if type(record) is dict else None


def _kill_session(pid: int) -> None:
    """The supervisor leads its own session and process group."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
