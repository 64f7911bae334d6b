"""The learner's drill state: one JSON file in the kit's git-ignored state folder.

    {"version": 1, "cards": {family: fsrs card}, "answers": [...], "interviews": [...]}

Written atomically after every answer, so Ctrl-C loses at most the question on screen. A file
that cannot be read is set aside under a new name with one line on stderr, and the drill starts
afresh: a corrupt file never ends in a traceback. Fields a later kit adds are kept as they are.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from grader import atomic
from grader.paths import STATE

VERSION = 1
KEEP_ANSWERS = 20_000  # a year of mornings; the oldest go first


def path() -> Path:
    return STATE / "drill.json"


def empty() -> dict:
    return {"version": VERSION, "cards": {}, "answers": [], "interviews": []}


def load() -> dict:
    file = path()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return empty()
    try:
        data = json.loads(text)
        if not (isinstance(data, dict) and isinstance(data.get("cards", {}), dict)
                and isinstance(data.get("answers", []), list) and isinstance(data.get("interviews", []), list)):
            raise ValueError("not a drill state")
    except ValueError:
        aside = file.with_name(f"{file.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        file.replace(aside)
        print(f"Your drill state {file} could not be read: it is kept as {aside.name}, and the drills start afresh.",
              file=sys.stderr)
        return empty()
    return {**empty(), **data}


def save(data: dict) -> None:
    data["answers"] = data["answers"][-KEEP_ANSWERS:]
    atomic.write_text(path(), json.dumps(data, indent=1, sort_keys=True))
