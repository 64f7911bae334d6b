"""What run_autograder runs: grade /autograder/submission into /autograder/results/results.json.

results.json is true at every moment: before grading it says that nothing is graded yet, and
it grows as each exercise finishes (written atomically), so whatever ends the run, the student
sees the finished part and an honest note. An upload the grader cannot use is graded 0 with
a sentence on what to upload. A failure of the grader's own removes results.json and exits
non-zero: Gradescope then reports that the autograder failed, which the instructor sees and
can re-run, rather than a 0 the student did not earn.
"""

from __future__ import annotations

import json
import os
import sys
import time

from grader import atomic
from grader.paths import KIT_ROOT
from grader.platforms import layout
from grader.platforms.grading import Graded, grade_upload
from grader.platforms.gradescope.results import results
from grader.platforms.settings import BundleSettings


def main() -> int:
    started = time.monotonic()
    place = layout.gradescope()
    settings = BundleSettings.read(place.source / layout.SETTINGS_FILE)
    hidden = str(place.source / settings.hidden) if settings.hidden else None
    _keep_private(place)

    def publish(graded: Graded) -> None:
        document = results(graded, settings.deadline_s, time.monotonic() - started)
        atomic.write_text(place.results, json.dumps(document, indent=2) + "\n")

    graded = grade_upload(place.submission, settings, publish, hidden)
    result = graded.result
    if result.status == "infra_error":
        place.results.unlink(missing_ok=True)
        print(f"The autograder failed (not the student's code): {result.infra}\n"
              "No results.json was written, so Gradescope reports a failed autograder instead of a score; "
              "re-run the autograder once the cause is fixed.", file=sys.stderr)
        return 1
    publish(graded)
    print(f"graded in {time.monotonic() - started:.1f} s: {result.score:g} / {result.max_score:g} "
          f"({result.status}); sandbox: {result.isolation or 'not known'}; kit: {KIT_ROOT}")
    return 0


def _keep_private(place: layout.Gradescope) -> None:
    """The metadata names the submitters and holds earlier results: root's only, like the upload."""
    for path, mode in ((place.metadata, 0o600), (place.submission, 0o700)):
        try:
            os.chmod(path, mode)
        except OSError:
            pass  # absent when tried by hand; the sandbox's Landlock hides them where the kernel has it


if __name__ == "__main__":
    sys.exit(main())
