"""`python -m grader drill`: rapid-fire questions on a terminal, or answers one per line from a pipe."""

from __future__ import annotations

import argparse
import json
import sys

from grader.drill.question import KINDS


def kinds_of(topic: str | None) -> tuple[str, ...]:
    """`--topic macs`, or a unique prefix (`recept`), or several: `macs,parameters`."""
    if not topic:
        return KINDS
    found = []
    for wanted in topic.split(","):
        wanted = wanted.strip().lower().replace("-", "_")
        matches = [k for k in KINDS if k == wanted] or [k for k in KINDS if k.startswith(wanted)]
        if len(matches) != 1:
            raise KeyError(f"no single topic matches {wanted!r}; the topics are: {', '.join(KINDS)}")
        found.append(matches[0])
    return tuple(dict.fromkeys(found))


def reader(stream=None):
    """Read one answer: input() on a terminal, a line of the pipe otherwise; None at the end."""
    stream = stream or sys.stdin

    def read() -> str | None:
        try:
            return input("> ") if stream.isatty() else (stream.readline() or None)
        except EOFError:
            return None

    return read


def run(args: argparse.Namespace) -> int:
    from grader.drill import session  # torch: only once the command is known

    kinds = kinds_of(args.topic)
    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    out = sys.stderr if args.json else sys.stdout  # with --json, stdout holds the transcript alone
    io = session.Io(read=reader(), out=out, retry_unreadable=sys.stdin.isatty())
    try:
        transcript = session.run(kinds, args.count, args.seed, io)
    except KeyboardInterrupt:  # every answer is saved the moment it is given
        print("\nStopped: your answers so far are saved.", file=out)
        return 130
    if args.json:
        print(json.dumps(transcript, indent=1))
    return 0


def interview(args: argparse.Namespace) -> int:
    from pathlib import Path

    from grader.drill import interview as mock

    if args.minutes <= 0:
        print("error: --minutes must be above 0", file=sys.stderr)
        return 2
    grade = mock.engine_grader(args.device)
    io = mock.Io(read=mock.terminal_reader(), out=sys.stdout)
    print(f"Mock interview: {args.minutes:g} minutes, hints off. Ctrl-C stops it; your answers are kept.")
    try:
        card = mock.run(args.minutes, io, grade, Path(args.workspace), args.seed)
    finally:
        grade.close()
    return 130 if card["interrupted"] else 0
