"""What run.sh runs: grade /grade/student into /grade/results/results.json.

The question's tests/exercise.json names the exercises it asks for (one per question); the
kit and its settings are in /grade/serverFilesCourse/cnn_kit. PrairieLearn reads the results
only when the entrypoint ends in time, so they are written once, at the end; run.sh writes a
`gradable: false` result itself if this never gets that far.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace

from grader import atomic
from grader.paths import KIT_ROOT
from grader.platforms import layout
from grader.platforms.grading import grade_upload
from grader.platforms.prairielearn.results import INFRA, results
from grader.platforms.settings import BundleSettings

QUESTION_FILE = "exercise.json"  # in the question's tests/: {"exercises": ["ex01_conv_relu_layer"]}


def main() -> int:
    started = time.monotonic()
    place = layout.prairielearn()
    try:
        settings = BundleSettings.read(place.kit_files / layout.SETTINGS_FILE)
        asked = _asked(place, settings)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # the course's files, not the student's
        atomic.write_text(place.results, json.dumps({"gradable": False, "message": INFRA.format(why=exc)}) + "\n")
        print(f"the question's grader files are wrong: {exc}", file=sys.stderr)
        return 1
    settings = replace(settings, exercises=asked)
    hidden = str(place.kit_files / settings.hidden) if settings.hidden else None
    graded = grade_upload(place.student, settings, lambda graded: None, hidden)
    atomic.write_text(place.results, json.dumps(results(graded, settings.deadline_s), indent=2) + "\n")
    result = graded.result
    print(f"graded {', '.join(asked)} in {time.monotonic() - started:.1f} s: {result.score:g} / "
          f"{result.max_score:g} ({result.status}); sandbox: {result.isolation or 'not known'}; kit: {KIT_ROOT}")
    return 0


def _asked(place: layout.PrairieLearn, settings: BundleSettings) -> tuple[str, ...]:
    """The question's exercises, as its tests/exercise.json names them; all of the bundle's without one."""
    path = place.tests / QUESTION_FILE
    if not path.is_file():
        return settings.exercises
    named = json.loads(path.read_text(encoding="utf-8"))["exercises"]
    unknown = [n for n in named if n not in settings.exercises]
    if unknown:
        raise ValueError(f"{path} names {', '.join(unknown)}, which the kit in serverFilesCourse does not grade")
    return tuple(n for n in settings.exercises if n in named)


if __name__ == "__main__":
    sys.exit(main())
