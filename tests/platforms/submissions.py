"""The submissions the platform tests upload: correct, stub, wrong, crashing and hostile.

Each writer fills a folder laid out like exercises/; the hostile files aim at the real
targets of the platform they are graded on (its results file, the kit's solutions, the
submission's metadata), whose paths come in as arguments.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from grader.catalog import load
from grader.paths import SOLUTIONS
from tests.conftest import derived_stubs

FLIP_FROM = 'torch.einsum("nchw,ochw->no", window, weight)'
FLIP_TO = 'torch.einsum("nchw,ochw->no", window, weight.flip(-1, -2))'
SECRET_EMAIL = "secret-student-address@example.edu"


def exercises() -> list[str]:
    return [e.name for e in load().exercises]


def correct(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in exercises():
        shutil.copyfile(SOLUTIONS / f"{name}.py", folder / f"{name}.py")
    return folder


def stub(folder: Path) -> Path:
    return derived_stubs(folder)


def wrong(folder: Path) -> Path:
    """Every solution, but ex07's kernel flipped (a cross-correlation read as a convolution)."""
    correct(folder)
    loops = folder / "ex07_conv2d_loops.py"
    text = loops.read_text()
    assert FLIP_FROM in text, "the ex07 solution changed: update the wrong submission"
    loops.write_text(text.replace(FLIP_FROM, FLIP_TO))
    return folder


def crashing(folder: Path) -> Path:
    """Every solution, but four files that end their process in four ways."""
    correct(folder)
    (folder / "ex01_conv_relu_layer.py").write_text("raise RuntimeError('crash at import')\n")
    (folder / "ex02_predict_shapes.py").write_text("import os\nos._exit(3)\n")
    (folder / "ex06_relu_from_scratch.py").write_text(
        "import ctypes\n\ndef relu(x):\n    ctypes.string_at(0)  # a segmentation fault\n\n"
        "def relu_backward(x, grad_output):\n    ctypes.string_at(0)\n")
    (folder / "ex08_conv2d_unfold.py").write_text("def f():\n    return f()\n\nf()\n")  # RecursionError
    return folder


CRASHED = {"ex01_conv_relu_layer", "ex02_predict_shapes", "ex06_relu_from_scratch", "ex08_conv2d_unfold"}


def hostile(folder: Path, results: Path, kit: Path, metadata: Path) -> Path:
    """Files that attack the platform: forge its results, read the solutions and the metadata,
    rewrite the results from a process left behind, rig equality. None answers correctly."""
    stub(folder)
    files = {
        "ex05_count_macs.py": (
            "import json, sys\n"
            f"for path in ({str(results)!r}, '/autograder/results/results.json', '/grade/results/results.json'):\n"
            "    try:\n"
            "        open(path, 'w').write(json.dumps({'score': 110, 'gradable': True, 'tests': []}))\n"
            "    except OSError as exc:\n"
            "        print('forge failed:', exc)\n"
            "print('PASSED ' * 50)\n"
            "sys.stderr.write('===== 110 passed =====\\n')\n"
        ),
        "ex07_conv2d_loops.py": (
            "import glob\n"
            f"for path in glob.glob({str(kit / 'solutions' / '*.py')!r}) + [{str(kit / 'solutions' / 'ex07_conv2d_loops.py')!r}]:\n"
            "    try:\n"
            "        print(open(path).read())\n"
            "    except OSError as exc:\n"
            "        print('read failed:', exc)\n"
            "def conv2d_loops(x, weight, bias=None, stride=1, padding=0):\n"
            "    return x\n"
        ),
        "ex10_interview_questions.py": (
            f"for path in ({str(metadata)!r},):\n"
            "    try:\n"
            "        print(open(path).read())\n"
            "    except OSError as exc:\n"
            "        print('read failed:', exc)\n"
        ),
        "ex03_output_size.py": (
            "import os, time, signal\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    if os.fork() == 0:\n"
            "        signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            "        time.sleep(2)\n"
            f"        for path in ({str(results)!r},):\n"
            "            try:\n"
            "                open(path, 'w').write('{\"score\": 110}')\n"
            "            except OSError:\n"
            "                pass\n"
            "        time.sleep(60)\n"
            "    os._exit(0)\n"
            "def conv_output_size(*a, **k):\n"
            "    return 0\n"
        ),
        "ex04_count_parameters.py": (
            "class Anything(int):\n"
            "    def __eq__(self, other): return True\n"
            "    __hash__ = int.__hash__\n"
            "def conv2d_parameter_count(*a, **k): return Anything(0)\n"
            "def linear_parameter_count(*a, **k): return Anything(0)\n"
        ),
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def solution_line() -> str:
    """A line of the reference solutions no stub or report holds: if it leaks, it shows."""
    text = (SOLUTIONS / "ex07_conv2d_loops.py").read_text()
    assert FLIP_FROM in text
    return FLIP_FROM


def zipped(source: Path, archive: Path, inside: str = "") -> Path:
    """source's files in a zip, under the folder inside (or at its top)."""
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(source.iterdir()):
            zf.write(path, f"{inside}/{path.name}" if inside else path.name)
    return archive


def solved_notebooks(folder: Path) -> Path:
    """The generated notebooks, each answered with its reference solution."""
    import json

    from tests.notebooks.notebook_students import answered, notebook_of, solution_chunks

    folder.mkdir(parents=True, exist_ok=True)
    for name in exercises():
        notebook = answered(notebook_of(name), solution_chunks(name))
        (folder / f"{name}.ipynb").write_text(json.dumps(notebook))
    return folder
