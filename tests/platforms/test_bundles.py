"""What the two commands write: a zip Gradescope accepts, a course PrairieLearn syncs.

Fast checks of the files themselves; the end-to-end tests run them.
"""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

from grader.derive import stub_source
from grader.paths import KIT_ROOT, SOLUTIONS
from grader.platforms.gradescope.bundle import PYTORCH_CPU_INDEX
from grader.platforms.settings import BundleSettings
from tests.platforms.submissions import exercises

HIDDEN = KIT_ROOT / "grader" / "hidden_example"


def gradescope_zip(grader_cli, tmp_path: Path, *options: str) -> zipfile.ZipFile:
    out = tmp_path / "autograder.zip"
    completed = grader_cli("gradescope", "--out", str(out), *options)
    assert completed.returncode == 0, completed.stderr
    return zipfile.ZipFile(out)


def test_the_zip_holds_setup_and_run_at_its_root_and_the_kit_as_source(grader_cli, tmp_path):
    archive = gradescope_zip(grader_cli, tmp_path)
    names = set(archive.namelist())
    for script in ("setup.sh", "run_autograder"):
        mode = archive.getinfo(script).external_attr >> 16
        assert stat.S_ISREG(mode) and mode & 0o111, f"{script} must be an executable file at the zip's root"
    for needed in ("kit/pyproject.toml", "kit/constraints.txt", "kit/README.md", "kit/grader/catalog.toml",
                   "kit/grader/platforms/gradescope/grade.py", "grading.json"):
        assert needed in names
    assert {f"kit/solutions/{n}.py" for n in exercises()} <= names
    assert not [n for n in names if n.startswith(("kit/exercises/", "kit/notebooks/", "kit/tests/", "kit/site/"))
                or "__pycache__" in n or n.endswith(".pyc")], "a learner's work or a build leftover is in the zip"
    assert not [n for n in names if n.startswith("hidden/")]
    setup = archive.read("setup.sh").decode()
    assert f'TORCH_INDEX="{PYTORCH_CPU_INDEX}"' in setup  # real deployments take torch's CPU build
    settings = BundleSettings(**{**json.loads(archive.read("grading.json")), "exercises": ()})
    assert settings.platform == "gradescope" and settings.hidden is None
    # 768 MB: the grader's 512 and 256 for a run; 10 minutes: a minute of margin for start-up and results
    assert (settings.run_memory_mb, settings.deadline_s, settings.timeout_s) == (256, 540.0, 20.0)


def test_the_same_kit_and_options_give_the_same_bytes(grader_cli, tmp_path):
    first = (tmp_path / "a")
    second = (tmp_path / "b")
    for out in (first, second):
        out.mkdir()
        assert grader_cli("gradescope", "--out", str(out / "ag.zip")).returncode == 0
    assert (first / "ag.zip").read_bytes() == (second / "ag.zip").read_bytes()


def test_options_choose_exercises_hidden_checks_torch_index_and_limits(grader_cli, tmp_path):
    archive = gradescope_zip(grader_cli, tmp_path, "--exercises", "ex07,1", "--hidden", str(HIDDEN),
                             "--torch-index", "", "--platform-memory", "1536", "--platform-timeout", "1200",
                             "--timeout", "30")
    settings = json.loads(archive.read("grading.json"))
    assert settings["exercises"] == ["ex01_conv_relu_layer", "ex07_conv2d_loops"]
    assert settings["hidden"] == "hidden" and "hidden/check_ex07_conv2d_loops.py" in archive.namelist()
    assert (settings["run_memory_mb"], settings["deadline_s"], settings["timeout_s"]) == (1024, 1140.0, 30.0)
    assert 'TORCH_INDEX=""' in archive.read("setup.sh").decode()


def test_impossible_options_stop_with_a_sentence(grader_cli, tmp_path):
    out = tmp_path / "ag.zip"
    cases = {
        ("--exercises", "ex99"): "no single exercise matches",
        ("--platform-memory", "512"): "too little",
        ("--timeout", "900"): "must be positive and within",
        ("--hidden", str(tmp_path)): "no check_*.py modules",
        ("--torch-index", 'https://x"; rm -rf /'): "may not hold quotes",
    }
    for options, message in cases.items():
        completed = grader_cli("gradescope", "--out", str(out), *options)
        assert completed.returncode == 2 and message in completed.stderr, (options, completed.stderr)
        assert not out.exists()


def course(grader_cli, out: Path, *options: str) -> Path:
    completed = grader_cli("prairielearn", "--out", str(out), *options)
    assert completed.returncode == 0, completed.stderr
    return out


def test_prairielearn_gets_the_grader_in_server_files_and_a_question_per_exercise(grader_cli, tmp_path):
    out = course(grader_cli, tmp_path / "course", "--image", "example/cnn-grader:1")
    server = out / "serverFilesCourse" / "cnn_kit"
    assert (server / "run.sh").stat().st_mode & 0o111
    assert (server / "kit" / "pyproject.toml").is_file() and (server / "kit" / "solutions").is_dir()
    assert not (server / "kit" / "exercises").exists()
    uuids = set()
    for name in exercises():
        question = out / "questions" / "cnn_block_kit" / name
        info = json.loads((question / "info.json").read_text())
        options = info["externalGradingOptions"]
        assert info["gradingMethod"] == "External" and info["type"] == "v3"
        assert options == {"enabled": True, "image": "example/cnn-grader:1", "serverFilesCourse": ["cnn_kit/"],
                           "entrypoint": "/grade/serverFilesCourse/cnn_kit/run.sh", "timeout": 90}
        uuids.add(info["uuid"])
        html = (question / "question.html").read_text()
        assert f'<pl-file-editor file-name="{name}.py"' in html and 'source-file-name="tests/initial_code.py"' in html
        assert "<pl-external-grader-results>" in html
        stub = stub_source((SOLUTIONS / f"{name}.py").read_text(), name)
        assert (question / "tests" / "initial_code.py").read_text() == stub
        assert json.loads((question / "tests" / "exercise.json").read_text()) == {"exercises": [name]}
    assert len(uuids) == len(exercises())


def test_writing_again_keeps_the_questions_ids_replaces_our_folders_and_leaves_the_course_alone(grader_cli, tmp_path):
    out = tmp_path / "course"
    (out / "questions" / "theirs").mkdir(parents=True)
    (out / "questions" / "theirs" / "info.json").write_text("{}")
    course(grader_cli, out, "--hidden", str(HIDDEN))
    info = out / "questions" / "cnn_block_kit" / "ex07_conv2d_loops" / "info.json"
    first = json.loads(info.read_text())["uuid"]
    assert (out / "serverFilesCourse" / "cnn_kit" / "hidden" / "check_ex07_conv2d_loops.py").is_file()
    course(grader_cli, out)
    assert json.loads(info.read_text())["uuid"] == first
    assert not (out / "serverFilesCourse" / "cnn_kit" / "hidden").exists(), "a stale hidden check stayed"
    assert (out / "questions" / "theirs" / "info.json").read_text() == "{}"
    assert not [p for p in (out / "questions" / "cnn_block_kit").iterdir() if p.name.startswith(".")]


def test_the_dockerfile_builds_from_its_folder_with_cpu_torch_and_no_solutions_or_hidden_checks(grader_cli, tmp_path):
    out = course(grader_cli, tmp_path / "course", "--hidden", str(HIDDEN), "--image", "me/grader")
    context = out / "serverFilesCourse" / "cnn_kit"
    dockerfile = (context / "Dockerfile").read_text()
    lines = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.startswith("#")]
    for line in (line for line in lines if line.startswith("COPY") and "--from" not in line):
        source = line.split()[1]
        assert (context / source).exists(), f"{line}: {source} is not in the build context"
    final = dockerfile[dockerfile.rindex("FROM "):]  # the image's own stage
    assert "COPY kit " not in final and "solutions" not in final, "the reference solutions would be in the image"
    assert f'ARG TORCH_INDEX="{PYTORCH_CPU_INDEX}"' in final
    assert '--no-deps --index-url "$TORCH_INDEX" torch' in final and final.count("-c /opt/cnn-block-kit/constraints.txt") == 3
    assert "pip check" in final and "docker build -t me/grader serverFilesCourse/cnn_kit" in dockerfile
    assert "hidden" in (context / ".dockerignore").read_text().split()
