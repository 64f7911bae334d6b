"""`python -m grader gradescope --out autograder.zip`: the autograder an instructor uploads.

The zip's root holds what Gradescope runs (setup.sh, run_autograder) and what they use:

    setup.sh         builds the image: Python, a venv with CPU torch, the kit; a self-test
    run_autograder   grades /autograder/submission (grader/platforms/gradescope/grade.py)
    grading.json     the exercises and the limits, fitted to the platform (settings.py)
    kit/             the kit as source: pyproject.toml, constraints.txt, grader/, solutions/
    hidden/          the instructor's hidden checks, when --hidden is given

The zip is the same bytes for the same kit and options (fixed dates, sorted members).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from grader import atomic
from grader.platforms import choices, kit_files, settings
from grader.platforms.layout import SETTINGS_FILE

HERE = Path(__file__).resolve().parent
PYTORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
STAMP = (2026, 1, 1, 0, 0, 0)  # every member's date: the same inputs give the same zip


def run(args: argparse.Namespace) -> int:
    try:
        chosen = choices.exercises(args.exercises)
        hidden = choices.hidden_checks(args.hidden, chosen)
        platform = settings.Platform("gradescope", args.platform_memory or settings.GRADESCOPE.memory_mb,
                                     args.platform_timeout or settings.GRADESCOPE.timeout_s)
        fitted = settings.fit(platform, chosen, "hidden" if hidden else None, args.timeout or settings.TIMEOUT_S)
        index = PYTORCH_CPU_INDEX if args.torch_index is None else args.torch_index
        data = build(fitted, hidden, index)
    except (choices.BadChoice, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    atomic.write_bytes(Path(args.out), data)
    _tell(Path(args.out), fitted, platform, len(hidden), index)
    return 0


def build(fitted: settings.BundleSettings, hidden: list[Path], torch_index: str) -> bytes:
    """The zip's bytes."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "setup.sh", setup_script(torch_index).encode(), executable=True)
        _add(archive, "run_autograder", (HERE / "run_autograder").read_bytes(), executable=True)
        _add(archive, SETTINGS_FILE, fitted.to_json().encode())
        for path, rel in kit_files.members():
            _add(archive, f"kit/{rel}", path.read_bytes())
        for path in sorted(hidden):
            _add(archive, f"hidden/{path.name}", path.read_bytes())
    return buffer.getvalue()


def setup_script(torch_index: str) -> str:
    if any(c in torch_index for c in "\"$`\\\n"):
        raise ValueError(f"--torch-index {torch_index!r}: a URL may not hold quotes, $, ` or backslashes")
    return (HERE / "setup.sh").read_text(encoding="utf-8").replace("@TORCH_INDEX@", torch_index)


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16  # a regular file, with its mode
    archive.writestr(info, data)


def _tell(out: Path, fitted: settings.BundleSettings, platform: settings.Platform, hidden: int, index: str) -> None:
    units = len(fitted.exercises) + hidden
    worst = settings.worst_case_s(fitted, units)
    from grader.catalog import load

    source = index or "pip's configured index"
    total = sum(load().get(name).points for name in fitted.exercises)
    print(f"Wrote {out}: {len(fitted.exercises)} exercises worth {total:g} points (the assignment's autograder "
          f"points), {hidden} hidden check modules, torch from {source}.")
    print(f"On Gradescope: Autograder settings, {platform.memory_mb} MB of memory (or more) and a timeout of "
          f"{platform.timeout_s // 60} minutes; each exercise may run {fitted.timeout_s:g} s, a run may allocate "
          f"{fitted.run_memory_mb} MB, and grading stops itself at {fitted.deadline_s:g} s.")
    if worst > fitted.deadline_s:
        print(f"Note: a submission that hangs in every exercise needs {worst:g} s, past the {fitted.deadline_s:g} s "
              "deadline: its last exercises would show as not graded. Give the autograder more time "
              "(--platform-timeout and Gradescope's setting) or fewer exercises per assignment.")
