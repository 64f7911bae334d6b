"""MkDocs hook: run a real drill and a real mock interview at build start, for the drills page.

The transcripts on site/drills.md are what `python -m grader drill --seed 2026` and the interview's
questions print for the answers scripted here (right ones in several spellings, and the classic slips),
written to the git-ignored build/drills/ and included with pymdownx.snippets. They are produced
afresh by each build, never pasted, and leave the learner's own drill state alone.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

KIT_ROOT = Path(__file__).resolve().parent.parent
OUT = KIT_ROOT / "build" / "drills"
SEED, COUNT = 2026, 6
MORNING = datetime(2026, 1, 5, 7, 0, tzinfo=timezone.utc)


def _scripted(question, index: int) -> str:
    """The answer typed: right, in another spelling, or a named slip of the exercises' catalog."""
    from grader.drill import mistakes
    from grader.drill.question import answer_text

    slips = mistakes.of(question)
    if index % 2 and slips:
        return answer_text(slips[0].answer())
    text = answer_text(question.expected)
    return text.replace("(", "[").replace(")", "]") if index % 4 == 2 else text


def drill_transcript() -> tuple[str, list[dict]]:
    from grader.drill import session
    from grader.drill.question import KINDS

    typed = [_scripted(q, i) for i, q in enumerate(session.seeded(SEED, KINDS, COUNT))]
    lines, ticks = iter(typed), iter(range(0, 1000, 4))
    echo = io.StringIO()

    def read():
        line = next(lines, None)
        if line is not None:
            echo.write(f"> {line}\n")
        return line

    drill = session.Io(read=read, out=echo, clock=lambda: next(ticks), today=lambda: MORNING, save=lambda state: None)
    transcript = session.run(KINDS, COUNT, SEED, drill)
    return echo.getvalue().lstrip("\n"), transcript


def interview_transcript() -> str:
    from grader.drill import interview, session
    from grader.drill.question import KINDS

    out, now = io.StringIO(), [0.0]
    typed = iter(["next", "1", "(1, 8, 64, 64)", "B", "448"])

    def read(seconds: float):
        now[0] += 35
        line = next(typed, None)
        if line is not None:
            out.write(f"> {line}\n")
        return line

    def no_grading(folder, task):  # the page skips the coding task ('next'): nothing to grade
        raise AssertionError("not reached")

    mock = interview.Io(read=read, out=out, clock=lambda: now[0], today=lambda: MORNING, save=lambda state: None)
    interview.run(30, mock, no_grading, OUT / "interview-task", seed=SEED)
    return out.getvalue()


def on_pre_build(config: MkDocsConfig) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text, transcript = drill_transcript()
    (OUT / "drill.txt").write_text(f"$ python -m grader drill --seed {SEED} --count {COUNT}\n{text}")
    (OUT / "drill.json").write_text(json.dumps(transcript[:2], indent=1) + "\n")
    (OUT / "interview.txt").write_text("$ python -m grader interview --minutes 30\n" + interview_transcript())
