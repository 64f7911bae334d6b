"""`python -m grader interview --minutes 30`: a timed mock interview, hints off, a clock on every line.

First a coding task (an exercise that takes its stride and padding as arguments: conv2d with
loops, or with unfold), written in a fresh file and graded by the kit's sandboxed engine as
often as the candidate types `check`; then drill questions with new numbers and exercise 10's
questions, answers judged but not explained until the end. The scorecard (time to first pass,
attempts, named mistakes, weakest topics) is in the history from the first second and updated
at every step, so Ctrl-C or the end of time loses nothing.
"""

from __future__ import annotations

import os
import random
import select
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from grader.commands import grader
from grader.drill import answers, ex10, generate, mistakes, schedule, session, store
from grader.drill.question import KINDS, answer_text

TASKS = ("ex07_conv2d_loops", "ex08_conv2d_unfold")
QUESTIONS = 12  # at most; the clock usually ends it first
TIMEOUT = object()  # the reader's answer when the time is up


@dataclass
class Io:
    read: Callable[[float], object]  # one line within so many seconds: str, None at the end of input, or TIMEOUT
    out: object
    clock: Callable[[], float] = time.monotonic
    today: Callable[[], datetime] = schedule.now
    save: Callable[[dict], None] = store.save  # the site's transcript keeps no state


def terminal_reader(fd: int | None = None) -> Callable[[float], object]:
    """Read one line, but give up when the interview's time runs out.

    Lines are cut from the file descriptor's bytes here: a buffered stdin would hold the next
    lines where select() cannot see them (POSIX select)."""
    fd = sys.stdin.fileno() if fd is None else fd
    pending = bytearray()

    def read(seconds: float) -> object:
        end = time.monotonic() + max(seconds, 0)
        while b"\n" not in pending:
            ready, _, _ = select.select([fd], [], [], max(end - time.monotonic(), 0))
            if not ready:
                return TIMEOUT
            chunk = os.read(fd, 4096)
            if not chunk:  # the end of input: the last line, if it had no newline, then None
                if not pending:
                    return None
                pending.extend(b"\n")
            pending.extend(chunk)
        line, _, rest = bytes(pending).partition(b"\n")
        pending[:] = rest
        return line.decode("utf-8", "replace")

    return read


def clock_text(left: float) -> str:
    left = max(0, int(left))
    return f"[{left // 60:02d}:{left % 60:02d} left]"


def run(minutes: float, io: Io, grade: Callable[[Path, str], tuple[bool, list[str], str]], folder: Path,
        seed: int | None = None) -> dict:
    """Run the interview; the scorecard it saves in the history."""
    state = store.load() if io.save is store.save else store.empty()
    rng = random.Random(seed)
    start = io.clock()
    deadline = start + minutes * 60
    task = rng.choice(TASKS)
    card = {"at": io.today().isoformat(timespec="seconds"), "minutes": minutes, "task": task, "attempts": 0,
            "first_pass_s": None, "questions": 0, "right": 0, "mistakes": [], "weakest": [], "misses": [],
            "finished": False, "interrupted": False, "score": "0/0"}
    state["interviews"].append(card)
    io.save(state)
    try:
        _coding(task, folder, io, grade, card, start, deadline, state)
        _questions(rng, io, card, deadline, state)
        card["finished"] = True
    except KeyboardInterrupt:
        card["interrupted"] = True
    finally:
        _close(card, state, io)
    _print_card(card, io.out)
    return card


def _say(io: Io, deadline: float, text: str) -> None:
    print(f"{clock_text(deadline - io.clock())} {text}", file=io.out, flush=True)


def _coding(task, folder, io, grade, card, start, deadline, state) -> None:
    from grader.derive import stub_source
    from grader.paths import SOLUTIONS

    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{task}.py"
    if not file.exists():  # a file already there is the candidate's work: never overwritten
        file.write_text(stub_source((SOLUTIONS / f"{task}.py").read_text(encoding="utf-8"), task), encoding="utf-8")
    shown = os.path.relpath(file) if file.resolve().is_relative_to(Path.cwd()) else file
    _say(io, deadline, f"Coding task: write {task.split('_', 1)[1].replace('_', ' ')} in {shown}.\n"
                       "  Type 'check' to grade it in the sandbox (as often as you like), 'next' to go on to the questions.")
    while True:
        line = io.read(deadline - io.clock())
        if line is TIMEOUT or line is None:
            return
        word = line.strip().lower()
        if word == "next":
            return
        if word != "check":
            _say(io, deadline, "Type 'check' or 'next'.")
            continue
        card["attempts"] += 1
        passed, found, summary = grade(folder, task)
        card["mistakes"] += [m for m in found if m not in card["mistakes"]]
        io.save(state)
        _say(io, deadline, summary)
        if passed:
            card["first_pass_s"] = round(io.clock() - start, 1)
            io.save(state)
            return


def _questions(rng, io, card, deadline, state) -> None:
    names = list(ex10.NAMES)
    rng.shuffle(names)
    for number in range(1, QUESTIONS + 1):
        if io.clock() >= deadline:
            return
        question = ex10.question(names.pop()) if number % 3 == 0 and names else generate.draw(rng.choice(KINDS), rng)
        _say(io, deadline, f"Question {number}: {question.prompt}")
        begin = io.clock()
        line = io.read(deadline - begin)
        if line is TIMEOUT or line is None:
            return
        try:
            given = answers.parse(line, question.expected)
        except answers.Unreadable:
            given = line.strip()
        correct = answers.same(given, question.expected)
        named = None if correct else mistakes.named(question, given)
        outcome = session.Outcome(question, given, correct, named.name if named else None, io.clock() - begin)
        card["questions"] += 1
        card["right"] += correct
        if not correct:  # shown at the end: hints are off while the clock runs
            card["misses"].append({"kind": question.kind, "prompt": question.prompt,
                                   "given": line.strip(), "expected": answer_text(question.expected),
                                   "mistake": outcome.mistake, "derivation": question.derivation})
            if outcome.mistake and outcome.mistake not in card["mistakes"]:
                card["mistakes"].append(outcome.mistake)
        session.remember(state, outcome, io.today(), source="interview", save=io.save)  # saves the card too


def _close(card: dict, state: dict, io: Io) -> None:
    misses = {}
    for miss in card["misses"]:
        misses[miss["kind"]] = misses.get(miss["kind"], 0) + 1
    card["weakest"] = sorted(misses, key=lambda kind: -misses[kind])[:3]
    task_points = 1 if card["first_pass_s"] is not None else 0
    card["score"] = f"{card['right'] + task_points}/{card['questions'] + 1}"
    io.save(state)


def _print_card(card: dict, out) -> None:
    first = f"{card['first_pass_s']:.0f} s" if card["first_pass_s"] is not None else "not passed"
    lines = ["", "Scorecard" + (" (stopped early)" if card["interrupted"] else ""),
             f"  coding task {card['task']}: first pass {first}, {card['attempts']} attempt(s)",
             f"  questions: {card['right']}/{card['questions']} right; score {card['score']}",
             f"  named mistakes: {', '.join(card['mistakes']) or 'none'}",
             f"  weakest topics: {', '.join(card['weakest']) or 'none'}"]
    for miss in card["misses"]:
        lines.append(f"  - {miss['prompt'].splitlines()[0]}\n    you said {miss['given']!r}; answer {miss['expected']}: "
                     f"{miss['derivation']}" + (f" (likely mistake: {miss['mistake']})" if miss["mistake"] else ""))
    lines.append(f"  Kept in your history: {grader('status')}")
    print("\n".join(lines), file=out, flush=True)


def engine_grader(device: str | None = None):
    """The kit's sandboxed engine, started at the first `check` and kept warm for the next."""
    held = {}

    def grade(folder: Path, task: str) -> tuple[bool, list[str], str]:
        from grader.engine.engine import Engine, Settings, NAMESPACES_ENV
        from grader import devices
        from grader.sandbox.zygote import Zygote
        from grader.submission import from_folder
        import os

        if "engine" not in held:
            held["engine"] = Engine(Settings(device=str(devices.resolve(device)), exercises=(task,),
                                             namespaces=os.environ.get(NAMESPACES_ENV, "1") != "0"), Zygote())
        result = held["engine"].grade(from_folder("interview", folder, [task])).exercise(task)
        failing = [t for t in result.tests if t.status != "passed"]
        summary = f"{result.score:g}/{result.max_score:g} points"
        if failing:
            summary += f"; failing: {', '.join(t.name for t in failing[:4])}\n  " + \
                "\n  ".join(failing[0].message.splitlines()[:3])
        return result.passed, [t.mistake for t in failing if t.mistake], summary

    def close() -> None:
        if "engine" in held:
            held["engine"].close()

    grade.close = close
    return grade
