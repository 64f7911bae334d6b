"""`python -m grader drill` as a learner's script runs it: answers piped in, one per line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from grader.drill import session
from grader.drill.question import KINDS, answer_text

REPO = Path(__file__).resolve().parents[2]
FIELDS = {"kind", "layer", "input_shape", "expected", "given", "correct", "mistake"}


def drill(state: Path, stdin: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CNN_KIT_STATE": str(state)}
    return subprocess.run([sys.executable, "-m", "grader", "drill", *args], input=stdin, capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)


def test_piped_answers_in_every_spelling_and_the_same_questions_for_a_seed(tmp_path):
    questions = list(session.seeded(7, KINDS, 6))
    spelled = [answer_text(q.expected) for q in questions]
    spelled[0] = spelled[0].replace(" ", "")  # other spellings: no spaces, a list for a tuple
    spelled[1] = spelled[1].replace("(", "[").replace(")", "]")
    done = drill(tmp_path, "\n".join(spelled) + "\n", "--seed", "7", "--count", "6", "--json")
    assert done.returncode == 0, done.stderr
    transcript = json.loads(done.stdout)
    assert len(transcript) == 6 and all(FIELDS <= set(entry) for entry in transcript)
    assert [entry["correct"] for entry in transcript] == [True] * 6
    assert [entry["mistake"] for entry in transcript] == [None] * 6
    assert [entry["kind"] for entry in transcript] == [q.kind for q in questions]
    assert "6/6 right" in done.stderr
    saved = json.loads((tmp_path / "drill.json").read_text())
    assert len(saved["answers"]) == 6 and set(saved["cards"]) == {q.kind for q in questions}
    # With a schedule now in place, the seed still gives the same questions; the input ends after two.
    again = drill(tmp_path, "1\n2\n", "--seed", "7", "--count", "6", "--json")
    assert [e["prompt"] for e in json.loads(again.stdout)] == [e["prompt"] for e in transcript[:2]]


def test_a_corrupt_state_is_set_aside_with_one_line(tmp_path):
    (tmp_path / "drill.json").write_text("{not json", encoding="utf-8")
    done = drill(tmp_path, "1\n", "--seed", "2", "--count", "1")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "could not be read" in done.stderr
    (aside,) = tmp_path.glob("drill.json.corrupt-*")
    assert aside.read_text() == "{not json"
    assert json.loads((tmp_path / "drill.json").read_text())["answers"]


def test_an_unknown_topic_is_a_clear_error(tmp_path):
    done = drill(tmp_path, "", "--topic", "pooling")
    assert done.returncode == 2 and "the topics are" in done.stderr and "Traceback" not in done.stderr
