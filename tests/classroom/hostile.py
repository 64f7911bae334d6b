"""The hostile submissions of the class test, written into a temporary class folder.

Each is a student folder of {file name: source}; sources are templates where {out},
{kit} and {victim} become the grading output folder, the kit and another student's
folder, so the attacks aim at real targets.
"""

WRONG = "    return 0\n"

HOSTILE = {
    "h_exit_at_import": {
        "ex07_conv2d_loops.py": "import os\nos._exit(0)\n",
        "ex05_count_macs.py": "import sys\nsys.exit(0)\n",
    },
    "h_rigged_equality": {
        "ex06_relu_from_scratch.py": (
            "import torch\n"
            "class Always(torch.Tensor):\n"
            "    def __eq__(self, other): return True\n"
            "    @classmethod\n"
            "    def __torch_function__(cls, func, types, args=(), kwargs=None): return True\n"
            "def relu(x): return torch.zeros_like(x).as_subclass(Always)\n"
            "def relu_backward(x, g): return torch.zeros_like(x).as_subclass(Always)\n"
        ),
        "ex04_count_parameters.py": (
            "class Anything(int):\n"
            "    def __eq__(self, other): return True\n"
            "    __hash__ = int.__hash__\n"
            "def conv2d_parameter_count(*a, **k): return Anything(0)\n"
            "def linear_parameter_count(*a, **k): return Anything(0)\n"
        ),
    },
    "h_patched_torch": {
        "ex07_conv2d_loops.py": (
            "import torch, torch.testing\n"
            "torch.testing.assert_close = lambda *a, **k: None\n"
            "torch.allclose = lambda *a, **k: True\n"
            "torch.equal = lambda *a, **k: True\n"
            "torch.Tensor.__eq__ = lambda self, other: torch.ones((), dtype=torch.bool)\n"
            "def conv2d_loops(x, weight, bias=None, stride=1, padding=0):\n"
            "    n, h, w = x.shape[0], x.shape[2], x.shape[3]\n"
            "    k = weight.shape[-1]\n"
            "    return torch.zeros(n, weight.shape[0], (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1)\n"
        ),
    },
    "h_planted_files": {
        "conftest.py": "import pathlib\npathlib.Path('{out}/../planted-conftest-ran').write_text('x')\n"
                       "def pytest_runtest_makereport(item, call):\n    call.excinfo = None\n",
        "sitecustomize.py": "import pathlib\npathlib.Path('{out}/../planted-sitecustomize-ran').write_text('x')\n",
        "torch.py": "raise SystemExit('planted torch imported')\n",
        "grader/__init__.py": "import pathlib\npathlib.Path('{out}/../planted-grader-ran').write_text('x')\n",
        "ex03_output_size.py": "import torch\nimport grader\ndef conv_output_size(*a, **k):\n" + WRONG,
    },
    "h_forged_results": {
        "results.json": '{{"score": 110, "tests": []}}\n',
        "gradebook.csv": "student,score\nh_forged_results,110\n",
        "feedback.md": "# Full marks\n",
        "ex05_count_macs.py": (
            "import sys, json\n"
            "print('PASSED ' * 100)\n"
            "print(json.dumps({{'score': 110, 'max_score': 110}}))\n"
            "sys.stderr.write('===== 110 passed in 0.01s =====\\n')\n"
            "def conv2d_macs(*a, **k):\n" + WRONG
        ),
    },
    "h_background_rewriter": {
        "ex03_output_size.py": (
            "import os, time, signal\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    if os.fork() == 0:\n"
            "        signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            "        time.sleep(2.5)\n"
            "        for path in ('{out}/gradebook.csv', '{out}/h_background_rewriter/results.json'):\n"
            "            try:\n"
            "                open(path, 'w').write('student,score\\nh_background_rewriter,110\\n')\n"
            "            except OSError:\n"
            "                pass\n"
            "        time.sleep(60)\n"
            "    os._exit(0)\n"
            "def conv_output_size(*a, **k):\n" + WRONG
        ),
    },
    "h_kit_writer": {
        "ex01_conv_relu_layer.py": (
            "import os, signal\n"
            "for path in ('{kit}/solutions/ex01_conv_relu_layer.py', '{kit}/grader/catalog.toml',\n"
            "             '{victim}/ex04_count_parameters.py', '{out}/gradebook.csv'):\n"
            "    try:\n"
            "        open(path, 'a').write('# tampered\\n')\n"
            "    except OSError:\n"
            "        pass\n"
            "for path in ('{kit}/solutions/ex01_conv_relu_layer.py',):\n"
            "    try:\n"
            "        os.remove(path)\n"
            "    except OSError:\n"
            "        pass\n"
            "try:\n"
            "    os.kill(os.getppid(), signal.SIGKILL)\n"
            "except OSError:\n"
            "    pass\n"
            "try:\n"
            "    exec(open('{kit}/solutions/ex01_conv_relu_layer.py').read())\n"
            "except OSError:\n"
            "    pass\n"
            "import torch\n"
            "class ConvReLU(torch.nn.Module):\n"
            "    def forward(self, x):\n"
            "        return x\n"
        ),
    },
    "h_hangs_ignoring_signals": {
        "ex07_conv2d_loops.py": (
            "import signal\n"
            "for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):\n"
            "    signal.signal(s, signal.SIG_IGN)\n"
            "def conv2d_loops(*a, **k):\n"
            "    while True:\n"
            "        pass\n"
        ),
    },
    "h_memory_hog": {
        "ex08_conv2d_unfold.py": (
            "import torch\n"
            "def conv2d_unfold(x, weight, bias=None, stride=1, padding=0):\n"
            "    hog = torch.ones(64, 1024, 1024, 1024)  # 256 GiB\n"
            "    return hog\n"
        ),
    },
    "h_fork_flood": {
        "ex02_predict_shapes.py": (
            "import os, time\n"
            "children = 0\n"
            "for _ in range(500):\n"
            "    try:\n"
            "        if os.fork() == 0:\n"
            "            time.sleep(60)\n"
            "            os._exit(0)\n"
            "        children += 1\n"
            "    except OSError:\n"
            "        break\n"
            "def predict_shapes():\n"
            "    return {{}}\n"
        ),
    },
}
