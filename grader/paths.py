"""Where the kit's own folders are."""

import os
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = KIT_ROOT / "solutions"
EXERCISES = KIT_ROOT / "exercises"
CHECKS = Path(__file__).resolve().parent / "checks"
CATALOG = Path(__file__).resolve().parent / "catalog.toml"
# The learner's progress, and files saved before a command replaced them (both git-ignored);
# the test suite points them at temporary folders.
STATE = Path(os.environ.get("CNN_KIT_STATE") or KIT_ROOT / ".grader-state")
BACKUPS = Path(os.environ.get("CNN_KIT_BACKUPS") or KIT_ROOT / "backups")
