"""The PrairieLearn external grader, run as PrairieLearn runs it, on this machine's real /grade.

`python -m grader prairielearn` writes the course files; each test lays out /grade as the
grading job does (serverFilesCourse/cnn_kit from the course, tests/ from the question,
student/ with the submitted file, data/data.json) and runs the question's entrypoint with
bash, as root. Docker is not here, so the image is stood in for by this test run's Python
(first on PATH, as python3 is in the image): the run script and the kit are the real ones.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.platforms import submissions as kinds
from tests.platforms.conftest import VENV_BIN, check_json, run_script
from tests.platforms.schemas import PRAIRIELEARN, check

GRADE_LIMIT_S = 60  # the question's timeout is 90 s


@pytest.fixture(scope="module")
def course(grader_cli, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("course")
    completed = grader_cli("prairielearn", "--out", str(out), "--torch-index", "")
    assert completed.returncode == 0, completed.stderr
    return out


class Job:
    """One grading job's /grade, laid out, run and given back."""

    def __init__(self, root, course: Path, exercise: str, files: Path) -> None:
        self.root, self.course, self.exercise, self.files = root, course, exercise, files

    def __enter__(self) -> "Job":
        self.home = self.root.claim("grade")
        shutil.copytree(self.course / "serverFilesCourse" / "cnn_kit", self.home / "serverFilesCourse" / "cnn_kit")
        shutil.copytree(self.course / "questions" / "cnn_block_kit" / self.exercise / "tests", self.home / "tests")
        (self.home / "student").mkdir()
        shutil.copyfile(self.files / f"{self.exercise}.py", self.home / "student" / f"{self.exercise}.py")
        (self.home / "data").mkdir()
        (self.home / "data" / "data.json").write_text(json.dumps({"params": {}, "submitted_answers": {},
                                                                  "secret": kinds.SECRET_EMAIL}))
        return self

    def run(self, path: str | None = None):
        env = self.root.env(PATH=path or f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin")
        info = json.loads((self.course / "questions" / "cnn_block_kit" / self.exercise / "info.json").read_text())
        entrypoint = self.root.path / info["externalGradingOptions"]["entrypoint"].lstrip("/")
        started = time.monotonic()
        self.completed = run_script(entrypoint, env, cwd=self.home, timeout=info["externalGradingOptions"]["timeout"])
        self.seconds = time.monotonic() - started
        self.results = json.loads((self.home / "results" / "results.json").read_text())
        check(self.results, PRAIRIELEARN)
        return self.results

    def __exit__(self, *exc) -> None:
        self.root.release("grade")


@pytest.mark.parametrize("kind, exercise, points", [
    ("correct", "ex07_conv2d_loops", 15), ("correct", "ex02_predict_shapes", 10), ("stub", "ex07_conv2d_loops", 0),
    ("wrong", "ex07_conv2d_loops", 0), ("crashing", "ex06_relu_from_scratch", 0), ("crashing", "ex01_conv_relu_layer", 0),
])
def test_points_are_those_grader_check_gives_the_same_file(platform_root, course, tmp_path, kind, exercise, points):
    files = getattr(kinds, kind)(tmp_path / kind)
    with Job(platform_root, course, exercise, files) as job:
        results = job.run()
        assert job.completed.returncode == 0, job.completed.stderr[-3000:]
        assert f"kit: {platform_root.path / 'grade/serverFilesCourse/cnn_kit/kit'}" in job.completed.stdout
    expected = next(e for e in check_json(files, exercise)["exercises"] if e["name"] == exercise)
    assert results["gradable"] is True
    assert results["points"] == expected["score"] == points
    assert results["score"] == round(points / expected["max_score"], 6)
    assert [t["name"].split(": ", 1)[1] for t in results["tests"]] == [t["name"] for t in expected["tests"]]
    if kind == "correct" and exercise == "ex07_conv2d_loops":
        assert job.seconds < GRADE_LIMIT_S
        print(f"\nrun.sh, correct ex07: {job.seconds:.1f} s")


def test_a_hostile_file_scores_zero_and_reaches_nothing(platform_root, course, tmp_path):
    root = platform_root.path
    for exercise in ("ex05_count_macs", "ex07_conv2d_loops", "ex03_output_size"):
        files = kinds.hostile(tmp_path / exercise, root / "grade/results/results.json",
                              root / "grade/serverFilesCourse/cnn_kit/kit", root / "grade/data/data.json")
        with Job(platform_root, course, exercise, files) as job:
            results = job.run()
            time.sleep(2.5 if exercise == "ex03_output_size" else 0)  # its left-behind process would rewrite
            assert json.loads((job.home / "results" / "results.json").read_text()) == results
        assert results["gradable"] is True and results["score"] == 0, (exercise, results["output"][:2000])
        text = json.dumps(results)
        assert kinds.solution_line() not in text and kinds.SECRET_EMAIL not in text


def test_a_failure_of_the_grader_is_not_gradable_never_a_zero(platform_root, course, tmp_path):
    files = kinds.correct(tmp_path / "correct")
    with Job(platform_root, course, "ex07_conv2d_loops", files) as job:  # the course's settings broken
        settings = job.home / "serverFilesCourse" / "cnn_kit" / "grading.json"
        settings.write_text(json.dumps({**json.loads(settings.read_text()), "hidden": "no-such-folder"}))
        results = job.run()
    assert results["gradable"] is False and "not because of your code" in results["message"]
    fake = tmp_path / "image-without-torch"
    fake.mkdir()
    (fake / "python3").write_text("#!/bin/sh\necho 'No module named torch' >&2\nexit 1\n")
    (fake / "python3").chmod(0o755)
    with Job(platform_root, course, "ex07_conv2d_loops", files) as job:  # an image without the kit's packages
        results = job.run(path=f"{fake}:/usr/bin:/bin")
    assert results["gradable"] is False and "could not run" in results["message"]
    with Job(platform_root, course, "ex07_conv2d_loops", files) as job:  # a question naming an exercise the kit lacks
        (job.home / "tests" / "exercise.json").write_text(json.dumps({"exercises": ["ex99_nothing"]}))
        results = job.run()
    assert results["gradable"] is False and "ex99_nothing" in results["message"]
