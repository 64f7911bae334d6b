"""The real grader's verdicts on four workspaces: the solutions, the stubs and two sets of mistakes.

Each workspace is graded once with `python -m grader check --json` (the documented contract), in
parallel, with a fixed seed. A student of the synthetic class then hands in, per exercise, one of
these four and gets that exercise's real result: check names, messages and the named mistake.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from grader.catalog import load
from grader.derive import stub_source
from grader.insight.demo import variants
from grader.paths import KIT_ROOT, SOLUTIONS

KINDS = ("solution", "stub", "mistake_a", "mistake_b")
SEED = 2024
_LIKELY = re.compile(r"^Likely mistake: (.+?)\.(?: |$)", re.M)


def workspaces() -> dict[str, dict[str, str]]:
    """kind -> exercise -> source text."""
    out: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for entry in load().exercises:
        solution = (SOLUTIONS / f"{entry.name}.py").read_text(encoding="utf-8")
        out["solution"][entry.name] = solution
        out["stub"][entry.name] = stub_source(solution, entry.name)
        out["mistake_a"][entry.name] = variants.apply(solution, variants.MISTAKES_A[entry.name], entry.name)
        out["mistake_b"][entry.name] = variants.apply(solution, variants.MISTAKES_B[entry.name], entry.name)
    return out


def grade(sources: dict[str, dict[str, str]], timeout_s: float = 300) -> dict[str, dict[str, dict]]:
    """kind -> exercise -> the exercise's result from `grader check --json`, with `mistake` per test."""
    with tempfile.TemporaryDirectory(prefix="insight-demo-") as tmp:
        runs = {}
        for kind, files in sources.items():
            folder = Path(tmp) / kind
            folder.mkdir()
            for name, text in files.items():
                (folder / f"{name}.py").write_text(text, encoding="utf-8")
            runs[kind] = subprocess.Popen(
                [sys.executable, "-m", "grader", "check", "--workspace", str(folder), "--json", "--seed", str(SEED)],
                cwd=KIT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        results = {}
        for kind, run in runs.items():
            stdout, stderr = run.communicate(timeout=timeout_s)
            if run.returncode not in (0, 1):  # 1: some check failed, as expected of stubs and mistakes
                raise RuntimeError(f"grading the {kind} workspace failed ({run.returncode}):\n{stderr[-2000:]}")
            report = json.loads(stdout)
            results[kind] = {e["name"]: _with_mistakes(e) for e in report["exercises"]}
    return results


def _with_mistakes(exercise: dict) -> dict:
    for test in exercise["tests"]:
        found = _LIKELY.search(test.get("message") or "")
        test["mistake"] = found[1] if found else None
        test["hidden"] = test["name"].startswith("hidden_")
    return exercise
