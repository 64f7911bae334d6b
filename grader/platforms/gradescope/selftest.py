"""setup.sh's last step: grade the kit's reference solutions as a submission, in the image.

An image that cannot grade (a package missing, a sandbox that cannot start, a broken hidden
check) fails its build here, with the reason, instead of failing on the first student.
"""

from __future__ import annotations

import sys
import time

from grader.paths import SOLUTIONS
from grader.platforms import layout
from grader.platforms.grading import grade_upload
from grader.platforms.settings import BundleSettings


def main() -> int:
    started = time.monotonic()
    source = layout.gradescope().source
    settings = BundleSettings.read(source / layout.SETTINGS_FILE)
    hidden = str(source / settings.hidden) if settings.hidden else None
    result = grade_upload(SOLUTIONS, settings, lambda graded: None, hidden).result
    seconds = time.monotonic() - started
    print(f"self-test: the reference solutions score {result.score:g} / {result.max_score:g} ({result.status}) "
          f"in {seconds:.1f} s; sandbox: {result.isolation or 'not known'}")
    if result.status != "graded" or result.score != result.max_score:
        lost = [f"{e.name} ({e.status}, {e.score:g}/{e.max_score:g})" for e in result.exercises
                if e.score != e.max_score or e.status != "graded"]
        print(f"self-test failed: {result.infra or ', '.join(lost)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
