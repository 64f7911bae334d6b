"""The drills page's transcripts are produced by running the drill, and touch no learner's state."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from grader.drill import store

HOOK = Path(__file__).resolve().parents[2] / "site_tools" / "hook_drills.py"


def _hook():
    spec = importlib.util.spec_from_file_location("hook_drills", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_transcripts_are_real_runs_and_keep_no_state():
    store.path().unlink(missing_ok=True)
    hook = _hook()
    text, transcript = hook.drill_transcript()
    assert len(transcript) == hook.COUNT and text.count("> ") == hook.COUNT
    assert any(e["correct"] for e in transcript) and any(e["mistake"] for e in transcript)
    for entry in transcript:
        if entry["mistake"]:
            assert f"Likely mistake: {entry['mistake']}." in text
    interview = hook.interview_transcript()
    assert "Scorecard" in interview and "[30:00 left]" in interview
    assert not store.path().exists()
