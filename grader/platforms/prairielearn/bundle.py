"""`python -m grader prairielearn --out DIR`: the files a PrairieLearn course needs, laid out as in a course.

    serverFilesCourse/cnn_kit/        the external grader, shared by every question
        run.sh                        the entrypoint: grades /grade/student
        Dockerfile, .dockerignore     the grader image: Python, CPU torch, the kit's packages
        grading.json                  the exercises and the limits (settings.py)
        kit/                          the kit as source: pyproject.toml, constraints.txt, grader/, solutions/
        hidden/                       the instructor's hidden checks, when --hidden is given
    questions/cnn_block_kit/<exercise>/
        info.json                     external grading: the image, serverFilesCourse, the entrypoint
        question.html                 a file editor holding the exercise's stub
        tests/initial_code.py         the stub, derived from the solution as exercises/ is
        tests/exercise.json           which exercise the question grades

One question per exercise: a question is PrairieLearn's unit of points, attempts and
feedback, so an assessment can take the exercises it wants, weigh them, and a student fixes
one exercise without resubmitting the others. Question ids are stable (uuid5 of the
exercise's name): writing the files again keeps the questions, and their students' work.
Our folders are replaced whole (so nothing stale stays); nothing else in DIR is touched.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from grader.catalog import load
from grader.platforms import choices, kit_files, settings
from grader.platforms.gradescope.bundle import PYTORCH_CPU_INDEX
from grader.platforms.layout import SETTINGS_FILE

HERE = Path(__file__).resolve().parent
DEFAULT_IMAGE = "cnn-block-kit-grader"
SERVER_FOLDER = "cnn_kit"
QUESTIONS_FOLDER = "cnn_block_kit"
ENTRYPOINT = f"/grade/serverFilesCourse/{SERVER_FOLDER}/run.sh"
TOPIC = "CNN block kit"
IDS = uuid.UUID("5b0a7f4e-1c2d-4e8f-9a3b-6c7d8e9f0a1b")  # the namespace of the questions' uuid5 ids


def run(args: argparse.Namespace) -> int:
    try:
        chosen = choices.exercises(args.exercises)
        hidden = choices.hidden_checks(args.hidden, chosen)
        platform = settings.Platform("prairielearn", args.platform_memory or settings.PRAIRIELEARN.memory_mb,
                                     args.platform_timeout or settings.PRAIRIELEARN.timeout_s)
        if not 0 < platform.timeout_s <= 600:
            raise ValueError(f"PrairieLearn allows a grading timeout of 1 to 600 s, not {platform.timeout_s}")
        fitted = settings.fit(platform, chosen, "hidden" if hidden else None, args.timeout or settings.TIMEOUT_S)
        index = PYTORCH_CPU_INDEX if args.torch_index is None else args.torch_index
        image = args.image or DEFAULT_IMAGE
        _check_text(index, "--torch-index")
        _check_text(image, "--image")
    except (choices.BadChoice, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    write(out, fitted, hidden, index, image, platform.timeout_s)
    print(f"Wrote {out}/serverFilesCourse/{SERVER_FOLDER} and {len(chosen)} questions in "
          f"{out}/questions/{QUESTIONS_FOLDER}, graded in the image {image} within {platform.timeout_s} s each.")
    print(f"Build and push the image: docker build -t {image} {out}/serverFilesCourse/{SERVER_FOLDER} "
          f"&& docker push {image}")
    print("In an assessment's zones, e.g.: " + ", ".join(
        f'{{"id": "{QUESTIONS_FOLDER}/{name}", "points": {load().get(name).points:g}}}' for name in chosen[:2]))
    return 0


def write(out: Path, fitted: settings.BundleSettings, hidden: list[Path], index: str, image: str,
          timeout_s: int) -> None:
    server = out / "serverFilesCourse" / SERVER_FOLDER
    _replace(server, lambda folder: _server_files(folder, fitted, hidden, index, image))
    for name in fitted.exercises:
        _replace(out / "questions" / QUESTIONS_FOLDER / name,
                 lambda folder, name=name: _question(folder, name, image, timeout_s))


def _server_files(folder: Path, fitted: settings.BundleSettings, hidden: list[Path], index: str, image: str) -> None:
    _write(folder / "run.sh", (HERE / "run.sh").read_text(encoding="utf-8"), executable=True)
    dockerfile = (HERE / "Dockerfile").read_text(encoding="utf-8")
    _write(folder / "Dockerfile", dockerfile.replace("@TORCH_INDEX@", index).replace("@IMAGE@", image))
    _write(folder / ".dockerignore", "# The image holds packages only: no hidden checks in its build context.\nhidden\n")
    _write(folder / SETTINGS_FILE, fitted.to_json())
    for path, rel in kit_files.members():
        (folder / "kit" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / "kit" / rel)
    for path in hidden:
        (folder / "hidden").mkdir(exist_ok=True)
        shutil.copyfile(path, folder / "hidden" / path.name)


def _question(folder: Path, name: str, image: str, timeout_s: int) -> None:
    from grader.derive import stub_source
    from grader.paths import SOLUTIONS

    entry = load().get(name)
    info = {
        "uuid": str(uuid.uuid5(IDS, name)),
        "title": f"{entry.number}: {entry.title}",
        "topic": TOPIC,
        "type": "v3",
        "singleVariant": True,  # the inputs are drawn from the file's content, not from a variant
        "gradingMethod": "External",
        "externalGradingOptions": {
            "enabled": True,
            "image": image,
            "serverFilesCourse": [f"{SERVER_FOLDER}/"],
            "entrypoint": ENTRYPOINT,
            "timeout": timeout_s,
        },
    }
    _write(folder / "info.json", json.dumps(info, indent=2) + "\n")
    page = (HERE / "question.html").read_text(encoding="utf-8")
    for key, value in (("@TITLE@", entry.title), ("@SUMMARY@", entry.summary), ("@FILE@", f"{name}.py"),
                       ("@NUMBER@", entry.number)):
        page = page.replace(key, html.escape(value))
    _write(folder / "question.html", page)
    stub = stub_source((SOLUTIONS / f"{name}.py").read_text(encoding="utf-8"), name)
    _write(folder / "tests" / "initial_code.py", stub)
    _write(folder / "tests" / "exercise.json", json.dumps({"exercises": [name]}) + "\n")


def _replace(folder: Path, fill) -> None:
    """Write folder whole beside it, then swap it in: a reader sees the old folder or the new one."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        fill(staging)
        staging.chmod(0o755)
        old = folder.with_name(f".{folder.name}.old")
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write(path: Path, text: str, executable: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)


def _check_text(value: str, option: str) -> None:
    if any(c in value for c in "\"$`\\\n"):
        raise ValueError(f"{option} {value!r} may not hold quotes, $, ` or backslashes")
