"""The mock interview on an injected clock: it ends on time with a scorecard, and Ctrl-C loses nothing."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from grader.drill import interview, store

T0 = datetime(2026, 1, 5, 7, 0, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[2]


class Scripted:
    """Lines typed at a pace: each read takes `step` seconds of the injected clock."""

    def __init__(self, lines: list[str], step: float) -> None:
        self.lines, self.step, self.now = iter(lines), step, 1000.0

    def clock(self) -> float:
        return self.now

    def read(self, seconds: float):
        if seconds < self.step:  # the answer would come after the deadline
            self.now += max(seconds, 0)
            return interview.TIMEOUT
        self.now += self.step
        return next(self.lines, None)


def test_it_ends_on_time_with_a_scorecard_in_the_history(tmp_path):
    store.save(store.empty())
    typed = Scripted(["check", "check"] + ["1"] * 50, step=40)
    attempts = []

    def grade(folder, task):
        attempts.append(task)
        assert (folder / f"{task}.py").read_text().count("NotImplementedError")  # the stub, to be written
        return len(attempts) == 2, ["padding missing"] if len(attempts) == 1 else [], "graded"

    out = io.StringIO()
    card = interview.run(3, interview.Io(read=typed.read, out=out, clock=typed.clock, today=lambda: T0), grade,
                         tmp_path, seed=4)
    assert typed.now - 1000 <= 3 * 60  # not a second past the three minutes
    assert card["finished"] and card["attempts"] == 2 and card["first_pass_s"] == 80
    assert card["questions"] == 2 and "padding missing" in card["mistakes"]  # 80 s coding, 2 x 40 s, then time is up
    saved = json.loads(store.path().read_text())
    assert saved["interviews"][-1] == card
    assert [a["source"] for a in saved["answers"]] == ["interview", "interview"]
    printed = out.getvalue()
    assert "Scorecard" in printed and "[03:00 left]" in printed and "first pass 80 s" in printed


def test_ctrl_c_keeps_the_answers_and_the_scorecard(tmp_path):
    """A real process, a real SIGINT, in the middle of the questions."""
    state = tmp_path / "state"
    state.mkdir()
    (state / "drill.json").write_text(json.dumps({**store.empty(), "answers": [
        {"at": "2026-01-01T07:00:00+00:00", "kind": "macs", "correct": True, "seconds": 3, "mistake": None}]}))
    env = {**os.environ, "CNN_KIT_STATE": str(state)}
    child = subprocess.Popen([sys.executable, "-m", "grader", "interview", "--minutes", "5", "--seed", "2",
                              "--workspace", str(tmp_path / "task")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
    try:
        child.stdin.write("next\n1\n")
        child.stdin.flush()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # until the answer to the first question is saved
            answers = json.loads((state / "drill.json").read_text()).get("answers", [])
            if len(answers) == 2:
                break
            time.sleep(0.2)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, err
    assert "Traceback" not in err and "Scorecard (stopped early)" in out
    saved = json.loads((state / "drill.json").read_text())
    assert len(saved["answers"]) == 2 and saved["answers"][0]["kind"] == "macs"
    (card,) = saved["interviews"]
    assert card["interrupted"] and card["questions"] == 1 and card["attempts"] == 0
