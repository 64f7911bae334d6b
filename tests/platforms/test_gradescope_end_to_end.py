"""The Gradescope autograder, run as Gradescope runs it, on this machine's real /autograder.

The zip from `python -m grader gradescope` is unpacked into /autograder/source, setup.sh
builds the image for real (torch from pip's index, which here serves the CPU build), and
run_autograder grades each submission from /autograder/submission with /autograder as the
working directory, as root, writing /autograder/results/results.json. Every results.json is
checked against Gradescope's format and, for the same files, against `grader check`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.sandbox import cgroup
from tests.platforms import submissions as kinds
from tests.platforms.conftest import PlatformRoot, check_json, run_script
from tests.platforms.schemas import GRADESCOPE, check

pytestmark = pytest.mark.slow
SETUP_LIMIT_S = 180  # setup.sh with pip's cache: well under this here; Gradescope has no such limit
GRADE_LIMIT_S = 60  # a correct submission takes a few seconds; Gradescope allows 10 minutes


@dataclass
class Run:
    completed: subprocess.CompletedProcess
    results: dict | None
    seconds: float

    def exercise_scores(self) -> dict[str, float]:
        scores: dict[str, float] = {}
        for test in self.results["tests"]:
            name = test["name"].split(":", 1)[0]
            scores[name] = scores.get(name, 0.0) + test["score"]
        return {name: round(score, 2) for name, score in scores.items()}


class Autograder:
    """/autograder after setup.sh: grade(folder) runs run_autograder on a copy of folder's files."""

    def __init__(self, home: Path, root: PlatformRoot) -> None:
        self.home, self.root = home, root
        self.setup_s, self.setup_output = 0.0, ""

    @property
    def results_file(self) -> Path:
        return self.home / "results" / "results.json"

    def prepare(self, files: Path) -> None:
        submission, results = self.home / "submission", self.home / "results"
        for folder in (submission, results):
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(files, submission)
        results.mkdir()
        metadata = {"id": 1, "created_at": "2026-09-01T10:00:00Z", "assignment": {"title": "CNN block"},
                    "users": [{"email": kinds.SECRET_EMAIL, "id": 7, "name": "A Student"}], "previous_submissions": []}
        (self.home / "submission_metadata.json").write_text(json.dumps(metadata))

    def grade(self, files: Path, timeout: float = 600) -> Run:
        self.prepare(files)
        started = time.monotonic()
        completed = run_script(self.home / "run_autograder", self.root.env(), cwd=self.home, timeout=timeout)
        seconds = time.monotonic() - started
        results = json.loads(self.results_file.read_text()) if self.results_file.exists() else None
        if results is not None:
            check(results, GRADESCOPE)
        return Run(completed, results, seconds)

    def settings(self) -> Path:
        return self.home / "source" / "grading.json"


def unpack(archive: Path, into: Path) -> None:
    """As Gradescope does: the zip's root becomes /autograder/source, modes kept."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = into / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            target.chmod((info.external_attr >> 16) & 0o777 or 0o644)


@pytest.fixture(scope="module")
def autograder(platform_root, grader_cli, tmp_path_factory) -> Autograder:
    home = platform_root.claim("autograder")
    try:
        archive = tmp_path_factory.mktemp("bundle") / "autograder.zip"
        built = grader_cli("gradescope", "--out", str(archive), "--torch-index", "")
        assert built.returncode == 0, built.stderr
        unpack(archive, home / "source")
        shutil.copy2(home / "source" / "run_autograder", home / "run_autograder")
        grader = Autograder(home, platform_root)
        started = time.monotonic()
        setup = run_script(home / "source" / "setup.sh", platform_root.env(), cwd=home / "source", timeout=900)
        grader.setup_s, grader.setup_output = time.monotonic() - started, setup.stdout + setup.stderr
        assert setup.returncode == 0, grader.setup_output[-5000:]
        yield grader
    finally:
        platform_root.release("autograder")


def test_setup_builds_an_image_that_grades_the_reference_solutions(autograder):
    assert "self-test: the reference solutions score 110 / 110 (graded)" in autograder.setup_output
    assert autograder.setup_s < SETUP_LIMIT_S, f"setup.sh took {autograder.setup_s:.0f} s"
    venv = autograder.home / "venv"
    assert (venv / "bin" / "python").exists()
    if autograder.root.real:  # only root's: the kit's solutions and the hidden checks
        assert (autograder.home / "source").stat().st_mode & 0o077 == 0
    print(f"\nsetup.sh: {autograder.setup_s:.1f} s")


def _entries(exercise: dict) -> int:
    """Gradescope tests for one exercise of `check --json`: one per check, or one when a single cause explains
    every check (the file is missing, or all fail with one message)."""
    tests = exercise["tests"]
    one_cause = len(tests) > 1 and all(t["status"] != "passed" for t in tests) and len({t["message"] for t in tests}) == 1
    return 1 if exercise.get("status") == "missing" or one_cause else len(tests)


@pytest.mark.parametrize("kind", ["correct", "stub", "wrong", "crashing"])
def test_points_are_those_grader_check_gives_the_same_files(autograder, tmp_path, kind):
    files = getattr(kinds, kind)(tmp_path / kind)
    run = autograder.grade(files)
    assert run.completed.returncode == 0, run.completed.stderr[-3000:]
    expected = check_json(files)
    assert run.results["score"] == expected["score"]
    assert run.exercise_scores() == {e["name"]: e["score"] for e in expected["exercises"]}
    assert {"correct": 110, "stub": 0, "wrong": 95, "crashing": 65}[kind] == run.results["score"]
    assert len(run.results["tests"]) == sum(_entries(e) for e in expected["exercises"])
    if kind == "correct":
        assert run.seconds < GRADE_LIMIT_S
        assert "Every check passes" in run.results["output"]
        print(f"\nrun_autograder, correct submission: {run.seconds:.1f} s")
    if kind == "crashing":
        crashed = [t for t in run.results["tests"] if t["name"].split(":")[0] in kinds.CRASHED]
        assert crashed and all(t["score"] == 0 and t["output"] for t in crashed)


def test_a_hostile_submission_scores_zero_and_reaches_nothing(autograder, tmp_path):
    home = autograder.home
    files = kinds.hostile(tmp_path / "hostile", home / "results" / "results.json", home / "source" / "kit",
                          home / "submission_metadata.json")
    run = autograder.grade(files)
    assert run.completed.returncode == 0, run.completed.stderr[-3000:]
    assert run.results["score"] == 0 == check_json(files)["score"]
    time.sleep(3)  # the process it left behind would rewrite results.json after 2 s
    assert json.loads(autograder.results_file.read_text()) == run.results, "results.json was rewritten"
    text = json.dumps(run.results)
    assert kinds.solution_line() not in text, "the reference solution leaked into the results"
    assert kinds.SECRET_EMAIL not in text, "the submission metadata leaked into the results"
    assert sorted(p.name for p in (home / "results").iterdir()) == ["results.json"]
    if autograder.root.real:
        assert "own uid per run" in run.results["extra_data"]["sandbox"]


@pytest.mark.parametrize("shape", ["folder", "zip", "zip_with_folder", "notebooks"])
def test_every_shape_of_a_correct_upload_gets_full_marks(autograder, tmp_path, shape):
    solutions = kinds.correct(tmp_path / "solutions")
    upload = tmp_path / "upload"
    upload.mkdir()
    if shape == "folder":
        shutil.copytree(solutions, upload / "my work")
    elif shape == "zip":
        kinds.zipped(solutions, upload / "submission.zip")
    elif shape == "zip_with_folder":
        kinds.zipped(solutions, upload / "submission.zip", inside="exercises")
    else:
        kinds.solved_notebooks(upload)
    run = autograder.grade(upload)
    assert run.results["score"] == 110, run.results["output"][:3000]


def unusable_uploads(folder: Path) -> dict[str, Path]:
    uploads = {name: folder / name for name in ("empty", "wrong_names", "zip_bomb", "thousands", "not_json")}
    for path in uploads.values():
        path.mkdir(parents=True)
    for name in kinds.exercises():
        (uploads["wrong_names"] / f"{name.replace('_', '-')}.py").write_text("x = 1\n")
    with zipfile.ZipFile(uploads["zip_bomb"] / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(70):
            zf.writestr(f"work/ex{i:02d}.ipynb", b" " * (1 << 20))
    for i in range(2500):
        (uploads["thousands"] / f"file{i:04d}.txt").write_text("")
    for name in kinds.exercises():
        (uploads["not_json"] / f"{name}.ipynb").write_text("<html>saved from the browser</html>")
    return uploads


def test_an_upload_it_cannot_use_gets_zero_and_what_to_upload_never_a_platform_error(autograder, tmp_path):
    expected = {"empty": "the submission folder is empty", "wrong_names": "there is a ex01-conv-relu-layer.py",
                "zip_bomb": "unpacks to more than 64 MB", "thousands": "more than 2,000 files",
                "not_json": "is not a notebook (not valid JSON"}
    for name, upload in unusable_uploads(tmp_path).items():
        run = autograder.grade(upload)
        assert run.completed.returncode == 0 and run.results is not None, (name, run.completed.stderr[-2000:])
        output = run.results["output"]
        assert run.results["score"] == 0
        assert output.startswith("Nothing in your upload could be graded:"), (name, output[:500])
        assert expected[name] in output, (name, output[:1500])
        assert "Upload the exercise files themselves" in output or "Upload the notebook as Jupyter saves it" in output


def test_hidden_checks_show_after_publication_under_neutral_names(autograder, tmp_path):
    from grader.paths import KIT_ROOT

    settings = autograder.settings()
    saved = settings.read_text()
    hidden = autograder.home / "source" / "hidden"
    shutil.copytree(KIT_ROOT / "grader" / "hidden_example", hidden)
    try:
        settings.write_text(json.dumps({**json.loads(saved), "hidden": "hidden"}))
        run = autograder.grade(kinds.correct(tmp_path / "correct"))
    finally:
        settings.write_text(saved)
        shutil.rmtree(hidden)
    assert run.results["score"] == 110
    hidden_tests = [t for t in run.results["tests"] if ": hidden_check_" in t["name"]]
    assert hidden_tests and all(t["visibility"] == "after_published" and t["score"] > 0 for t in hidden_tests)
    assert "hidden_check_" not in run.results["output"] and "show once your instructor publishes" in run.results["output"]


def test_results_are_true_at_every_moment_even_when_the_platform_kills_the_grader(autograder, tmp_path):
    files = kinds.correct(tmp_path / "slow")
    predict = files / "ex02_predict_shapes.py"
    predict.write_text("import time\ntime.sleep(6)\n" + predict.read_text())
    autograder.prepare(files)
    seen = []
    process = subprocess.Popen(["/bin/bash", str(autograder.home / "run_autograder")], cwd=autograder.home,
                               env=autograder.root.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if autograder.results_file.exists():
                snapshot = json.loads(autograder.results_file.read_text())  # atomic writes: always whole
                if not seen or snapshot != seen[-1]:
                    seen.append(snapshot)
                if any(t["name"].startswith("ex01_conv_relu_layer: ") and t["score"] > 0 for t in snapshot["tests"]):
                    break
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the platform's timeout: no warning, no clean-up
        process.wait()
    assert seen, "no results.json while grading"
    first, last = seen[0], json.loads(autograder.results_file.read_text())
    for document in (first, last):
        check(document, GRADESCOPE)
        assert "did not finish grading" in document["output"]
    assert first["score"] == 0 and all(t["name"].endswith(": not graded") for t in first["tests"])
    assert last["score"] == 10 and "ex02_predict_shapes: not graded" in [t["name"] for t in last["tests"]]
    time.sleep(1)  # the sandbox's children die with the grader


def test_the_deadline_stops_grading_and_keeps_the_finished_part(autograder, tmp_path):
    settings = autograder.settings()
    saved = settings.read_text()
    files = kinds.correct(tmp_path / "hangs")
    # Every exercise after ex01 hangs, each under a limit (30 s) longer than the autograder's deadline (8 s):
    # the deadline, not a timeout or the submission's time budget, ends grading while ex02 runs.
    for name in kinds.exercises()[1:]:
        (files / f"{name}.py").write_text("while True:\n    pass\n")
    try:
        settings.write_text(json.dumps({**json.loads(saved), "timeout_s": 30, "deadline_s": 8}))
        run = autograder.grade(files)
    finally:
        settings.write_text(saved)
    assert run.completed.returncode == 0 and run.seconds < 30
    assert run.results["extra_data"]["stopped"] == "deadline"
    assert run.results["score"] == 10, run.results["output"][:2000]
    assert "stopped at the autograder's time limit (8 s)" in run.results["output"]
    not_graded = [t["name"] for t in run.results["tests"] if t["name"].endswith(": not graded")]
    assert "ex02_predict_shapes: not graded" in not_graded and len(not_graded) == 9, not_graded
    cut = [t for t in run.results["tests"] if t["name"].startswith("ex02_predict_shapes: ")]
    assert len(cut) == 1 and cut[0]["score"] == 0 and cut[0]["max_score"] > 0  # no check of it scored: not a 0 of its work


def test_a_failure_of_the_grader_is_a_failed_autograder_not_a_zero(autograder, tmp_path):
    settings = autograder.settings()
    saved = settings.read_text()
    try:
        settings.write_text(json.dumps({**json.loads(saved), "hidden": "no-such-folder"}))
        run = autograder.grade(kinds.correct(tmp_path / "correct"))
    finally:
        settings.write_text(saved)
    assert run.completed.returncode != 0
    assert run.results is None, "a results.json would give the student a score the grader did not give"
    assert "The autograder failed (not the student's code)" in run.completed.stderr


def test_it_fits_gradescopes_default_768_mb_even_against_a_memory_hog(autograder, tmp_path):
    group = cgroup.RunCgroup.create("gradescope-768", 768 << 20)
    if group is None:
        pytest.fail(f"no memory cgroup can be made here ({cgroup.available() or 'refused'}): the 768 MB container "
                    "cannot be imitated; the tests run as root, as CI does")
    files = kinds.correct(tmp_path / "hog")
    (files / "ex01_conv_relu_layer.py").write_text(
        "import torch\nhog = [torch.ones(25_000_000) for _ in range(40)]  # 4 GB, touched\n")
    try:
        autograder.prepare(files)
        completed = subprocess.run(["/bin/bash", str(autograder.home / "run_autograder")], cwd=autograder.home,
                                   env=autograder.root.env(), capture_output=True, text=True, timeout=300,
                                   preexec_fn=group.add)
        oom = group.oom_killed()
    finally:
        group.remove()
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(autograder.results_file.read_text())
    check(results, GRADESCOPE)
    assert results["score"] == 100, results["output"][:3000]  # all but the hog's 10 points
    assert not oom or results["extra_data"]["status"] in ("memory", "error")
