"""Nothing a submission does can stall, starve or sway the class (issue 11): one submission per
class of attack, graded beside honest students, as root like CI, with and without the per-run
namespaces (a container may refuse them: the other walls must hold on their own).

For each: the grader finishes, honest grades are exact, the attacked exercise scores 0, nothing
leaves the sandbox (listeners on this machine hear nothing, no secret of the grader's command
line reaches any output) and nothing stays in /tmp.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from tests.classroom.class_runs import KIT, marked
from tests.classroom.red_team import ODD_IDS, RED_TEAM, REFUSED_IDS
from tests.conftest import derived_stubs

SECRET = "hidden-checks-3f9a2c"  # in the grader's command line only (the --hidden folder's name)
TOKEN = "instructor-token-81d7e0"  # in the grader's environment only
PLANTED = [Path("/tmp/planted-by-a-student"), Path("/var/tmp/planted-by-a-student"), Path("/dev/shm/planted-by-a-student")]


class Listeners:
    """TCP and UDP listeners on 127.0.0.1 and ::1 that record whatever reaches them."""

    def __init__(self) -> None:
        self.heard: list[bytes] = []
        self.sockets = {}
        for name, family, kind, host in (("tcp4", socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1"),
                                         ("tcp6", socket.AF_INET6, socket.SOCK_STREAM, "::1"),
                                         ("udp4", socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1"),
                                         ("udp6", socket.AF_INET6, socket.SOCK_DGRAM, "::1")):
            sock = socket.socket(family, kind)
            sock.bind((host, 0))
            if kind == socket.SOCK_STREAM:
                sock.listen(8)
            sock.settimeout(0.2)
            self.sockets[name] = sock
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def ports(self) -> dict[str, int]:
        return {name: sock.getsockname()[1] for name, sock in self.sockets.items()}

    def _listen(self) -> None:
        while not self.stop.is_set():
            for sock in self.sockets.values():
                try:
                    if sock.type == socket.SOCK_STREAM:
                        conn, _ = sock.accept()
                        self.heard.append(conn.recv(4096) or b"(a connection)")
                        conn.close()
                    else:
                        self.heard.append(sock.recv(4096))
                except OSError:
                    continue

    def close(self) -> list[bytes]:
        self.stop.set()
        self.thread.join()
        for sock in self.sockets.values():
            sock.close()
        return self.heard


def tmp_folders() -> set[str]:
    return {p.name for p in Path("/tmp").iterdir() if p.name.startswith(("cnn-grade-", "cnn-class-"))}


def abandoned(names: set[str]) -> set[str]:
    """Grading folders whose owner is gone (its lock is free): left behind. Folders of graders still
    running beside this test (another test, another session) hold their lock and are not counted."""
    left = set()
    for name in names:
        lock = Path("/tmp") / (name if name.endswith(".lock") else name + ".lock")
        try:
            with open(lock) as file:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                left.add(name)
        except BlockingIOError:
            continue
        except OSError:  # removed meanwhile, or a folder without a lock: left behind if it is still there
            if (Path("/tmp") / name).exists():
                left.add(name)
    return left


@pytest.fixture(scope="module", params=["namespaces", "no namespaces"])
def red_class(request, tmp_path_factory):
    if os.geteuid() != 0:
        pytest.fail("the red team runs as root, as CI does: it needs the sandbox's full set of walls")
    root = tmp_path_factory.mktemp("red")
    subs, out = root / "subs", root / "out"
    shutil.copytree(KIT / "solutions", subs / "alice")
    derived_stubs(subs / "bob")
    listeners = Listeners()
    values = {**listeners.ports(), "out": out}
    for student, files in RED_TEAM.items():
        for name, template in files.items():
            (subs / student).mkdir(parents=True, exist_ok=True)
            (subs / student / name).write_text(template.format(**values))
    for name in ODD_IDS + REFUSED_IDS:
        (subs / name).mkdir()
        shutil.copy(KIT / "solutions" / "ex03_output_size.py", subs / name)
    hidden = shutil.copytree(KIT / "grader" / "hidden_example", root / SECRET)
    marker = f"CNN_TEST_RUN=red-{request.param.replace(' ', '-')}-{uuid.uuid4().hex}"  # this run's alone
    env = {**os.environ, "CNN_TEST_RUN": marker.split("=")[1], "INSTRUCTORS_API_TOKEN": TOKEN,
           "CNN_KIT_NAMESPACES": "1" if request.param == "namespaces" else "0"}
    before = tmp_folders()
    done = subprocess.run([sys.executable, "-m", "grader", "class", str(subs), "--out", str(out), "--timeout", "3",
                           "--memory", "1024", "--jobs", "2", "--hidden", str(hidden), "--no-similarity"],
                          cwd=KIT, capture_output=True, text=True, timeout=600, env=env)
    heard = listeners.close()
    with open(out / "gradebook.csv", newline="") as f:
        book = {row["student"]: row for row in csv.DictReader(f)}
    return {"done": done, "out": out, "book": book, "heard": heard, "marker": marker, "mode": request.param,
            "new_tmp": tmp_folders() - before, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss >> 10}


def result(red_class, student: str) -> dict:
    return json.loads((red_class["out"] / "students" / student / "results.json").read_text())


def exercise(red_class, student: str, name: str) -> dict:
    tests = [t for t in result(red_class, student)["tests"] if t["name"].startswith(name + ":")]
    return {"score": sum(t["score"] for t in tests), "outputs": " ".join(t["output"] for t in tests)}


def test_the_grader_finishes_and_grades_everyone(red_class):
    done = red_class["done"]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr


def test_honest_grades_are_exact(red_class):
    book = red_class["book"]
    assert float(book["alice"]["score"]) == 110 and book["alice"]["status"] == "graded"
    assert float(book["bob"]["score"]) == 0 and book["bob"]["status"] == "graded"


@pytest.mark.parametrize("student", sorted(set(RED_TEAM) - {"r_tolerance"}))
def test_each_attack_scores_nothing_on_its_exercise(red_class, student):
    attacked = "ex01_conv_relu_layer" if "ex01_conv_relu_layer.py" in RED_TEAM[student] else "ex07_conv2d_loops"
    assert exercise(red_class, student, attacked)["score"] == 0
    assert float(red_class["book"][student][attacked]) == 0


def test_a_tolerance_cannot_be_chosen_by_the_submission(red_class):
    """A bias of 1e30 and an output of zeros: the layer's shapes are right (those checks pass), every
    value check fails, since the grader sets its own weights and its tolerance depends on them only."""
    tests = {t["name"].split(": ")[1]: t for t in result(red_class, "r_tolerance")["tests"]
             if t["name"].startswith("ex01_conv_relu_layer:")}
    for name in ("output_is_conv_then_relu", "works_for_any_batch_and_image_size", "gradients_flow_to_the_conv_weights"):
        assert tests[name]["score"] == 0, name


def test_statuses_say_what_the_attack_met(red_class):
    book = red_class["book"]
    # Each attacker hands in one exercise (the rest are `missing`): the gradebook's problems column says how
    # that exercise ended. Memory outside the cap is refused (seccomp) or capped: the code goes on and fails
    # its checks (no problem), or ends out of memory or in an error; never a grader failure or a timeout.
    assert book["r_memory_outside_the_cap"]["problems"] in ("", "ex07 memory", "ex07 error")
    # Forged records on the answers' pipe hide nothing: how a run ended comes from the kernel, on a
    # pipe only the supervisor holds, and a unit "ended" before its answers is seen for what it is.
    assert any(f" {how}" in book["r_forged_exit"]["problems"] for how in ("timeout", "error"))
    forged = exercise(red_class, "r_forged_exit", "ex07_conv2d_loops")["outputs"]
    assert "something wrote to the answers' pipe" in forged or "did not return within 3 s" in forged
    assert "cannot read" in exercise(red_class, "r_deep_json", "ex07_conv2d_loops")["outputs"] or \
        " error" in book["r_deep_json"]["problems"]


def test_memory_is_capped_for_the_whole_run(red_class):
    """Six processes of 700 MB each, a memfd and /dev/shm: the grader and its fork server never held more."""
    assert red_class["peak_mb"] < 2048, f"a process of the grader held {red_class['peak_mb']} MB"


def test_nothing_leaves_the_sandbox(red_class):
    assert red_class["heard"] == [], f"a listener on this machine heard: {red_class['heard'][:3]}"
    outputs = []
    for folder in (red_class["out"] / "students").iterdir():
        outputs += [p.read_text(errors="replace") for p in folder.iterdir()]
    everything = "\n".join(outputs) + red_class["done"].stdout
    assert SECRET not in everything, "the grader's command line reached a student's output"
    assert TOKEN not in everything, "the grader's environment reached a student's output"
    assert "ENV:" in everything, "the probe must have run for this to prove anything"
    feedback = (red_class["out"] / "students" / "r_unix_socket_listener" / "feedback.md").read_text()
    assert "RECEIVED" not in feedback
    assert "SENT" not in (red_class["out"] / "students" / "r_unix_socket_talker" / "feedback.md").read_text()


def test_the_kernel_ends_a_sandbox_first_when_memory_runs_short(red_class):
    feedback = (red_class["out"] / "students" / "r_network_and_proc" / "feedback.md").read_text()
    assert "OOM: 1000" in feedback


def test_nothing_stays_behind(red_class):
    assert marked(red_class["marker"]) == [], "a process of the run outlived it"
    assert [p for p in PLANTED if p.exists()] == []
    left = abandoned(red_class["new_tmp"])
    assert left == set(), f"left in /tmp: {left}"


def test_ids_that_are_output_names_or_formulas_are_graded_safely(red_class):
    out, book = red_class["out"], red_class["book"]
    assert (out / "gradebook.csv").is_file() and (out / "report.html").is_file() is not None
    for name in ODD_IDS:
        assert (out / "students" / name / "results.json").is_file(), name
        written = next(k for k in book if k.lstrip("'") == name)
        assert not written.startswith(("=", "+", "-", "@")), f"{written} would run as a spreadsheet formula"
        assert float(book[written]["ex03_output_size"]) == 10


def test_ids_that_cannot_be_ids_are_refused_with_a_line(red_class):
    stderr = red_class["done"].stderr
    for name in REFUSED_IDS:
        assert f"refused: {name!r}" in stderr
        assert name not in red_class["book"]
