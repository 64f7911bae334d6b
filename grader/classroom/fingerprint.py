"""The fingerprint of what decides a grade: a result is reused only under the same one.

The check modules, the engine and the sandbox, the catalog, the reference solutions, the
hidden checks, torch's version, the device, the limits and the seed policy. Change any of
them (a check module is edited, a hidden check added, --timeout changed) and every
submission is graded again; change anything else (a report's layout) and nothing is.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path

from grader.paths import KIT_ROOT

DECIDING = ("grader/checks", "grader/engine", "grader/sandbox", "solutions")
FILES = ("grader/catalog.toml", "grader/submission.py", "grader/result.py")
# What the exports and the report are drawn with, beside the record: every file of the kit, and the
# versions of the report's packages (kit_digest).
KIT_FOLDERS = ("grader", "solutions")
REPORT_PACKAGES = ("copydetect", "pygments", "numpy", "matplotlib", "jinja2", "markupsafe")


def fingerprint(settings) -> str:
    digest = hashlib.sha256()
    paths = [p for folder in DECIDING for p in sorted((KIT_ROOT / folder).glob("*.py"))]
    paths += [KIT_ROOT / name for name in FILES]
    if settings.hidden_dir:
        paths += sorted(Path(settings.hidden_dir).glob("check_*.py"))
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(json.dumps({
        "torch": torch_version(), "device": settings.device, "seed": settings.seed,
        "timeout_s": settings.timeout_s, "memory_mb": settings.memory_mb, "exercises": list(settings.exercises),
    }, sort_keys=True).encode())
    return digest.hexdigest()[:32]


def torch_version() -> str:
    """torch.__version__, read from the installed package's metadata: a re-run that grades nobody does
    not import torch (the same text: tests/classroom/test_class_rerun.py)."""
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:  # a torch without its package metadata: ask it
        import torch

        return str(torch.__version__)


@functools.cache
def kit_digest() -> str:
    """A hash of the kit's files and the report's packages: a new kit writes every export again."""
    digest = hashlib.sha256()
    for folder in KIT_FOLDERS:
        for path in sorted((KIT_ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(KIT_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in REPORT_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=-\0".encode())
    return digest.hexdigest()
