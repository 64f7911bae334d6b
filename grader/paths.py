"""Where the kit's own folders are."""

from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = KIT_ROOT / "solutions"
EXERCISES = KIT_ROOT / "exercises"
CHECKS = Path(__file__).resolve().parent / "checks"
CATALOG = Path(__file__).resolve().parent / "catalog.toml"
STATE = KIT_ROOT / ".grader-state"  # the learner's progress and the kit's own records (git-ignored)
BACKUPS = KIT_ROOT / "backups"  # learner files saved before a command replaced them (git-ignored)
