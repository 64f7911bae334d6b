"""What an exercise prints shows under that exercise, however far the grader lags behind.

The code's output and its answers come back on two pipes. A grader busy with one exercise's
checks (here: a slow on_exercise, as on a loaded machine) once read a later exercise's output
before the end of the exercise in between, and showed it there: the same submission got
different feedback from run to run.
"""

from __future__ import annotations

import time

from grader.engine.engine import Engine, Settings
from grader.paths import KIT_ROOT
from grader.submission import Submission

PRINTS = "ex05_count_macs"
GRADED = ("ex03_output_size", "ex04_count_parameters", PRINTS)
LAG_S = 0.6


def test_a_lagging_grader_shows_printed_output_under_the_exercise_that_printed_it():
    files = {f"{name}.py": (KIT_ROOT / "solutions" / f"{name}.py").read_text() for name in GRADED}
    files[f"{PRINTS}.py"] = 'print("printed by ex05")\n' + files[f"{PRINTS}.py"]
    engine = Engine(Settings(exercises=GRADED, seed=1))
    try:
        def lag(result) -> None:  # called in the grader's reading loop, as its checks are
            if result.name == GRADED[0]:
                time.sleep(LAG_S)

        result = engine.grade(Submission("printer", files), on_exercise=lag)
    finally:
        engine.close()
    output = {e.name: e.output for e in result.exercises}
    assert result.score == result.max_score, [(e.name, e.score) for e in result.exercises]
    assert "printed by ex05" in output[PRINTS], output
    assert not [name for name in GRADED[:2] if output[name]], output
