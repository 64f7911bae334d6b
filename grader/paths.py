"""Where the kit's own folders are."""

from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = KIT_ROOT / "solutions"
EXERCISES = KIT_ROOT / "exercises"
CHECKS = Path(__file__).resolve().parent / "checks"
CATALOG = Path(__file__).resolve().parent / "catalog.toml"
