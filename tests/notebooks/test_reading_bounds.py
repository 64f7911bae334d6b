"""What the grader does with a submission's bytes before any sandbox is bounded: adversarial notebooks
and sources are read in time linear in their size, within the memory the README states, and nothing
of one student is kept once that student is read.

Bounds (README, isolation table): a notebook of up to 32 MB is parsed only when it holds at most
1,000,000 JSON values, and at most 2,000 code cells and 1 MB of code are analysed; reading any one
upload peaks under 400 MB of the grader's memory and takes seconds, not hours.
"""

from __future__ import annotations

import gc
import json
import time
import tracemalloc

import pytest

from grader.checks import static
from grader.notebooks import extract
from grader.sources.upload import read_upload

EXERCISE = "ex06_relu_from_scratch"
PEAK_MB = 400
SECONDS = 10.0  # generous on a loaded machine: the work these shapes caused before took minutes to hours


def _notebook(cells: list[dict]) -> bytes:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def _code(source: str, answer: bool = False) -> dict:
    meta = {"nbgrader": {"solution": True}} if answer else {}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [], "execution_count": None}


def _measured(work):
    gc.collect()
    tracemalloc.start()
    started = time.monotonic()
    try:
        value = work()
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] >> 20
    finally:
        tracemalloc.stop()
    return value, seconds, peak


def _upload(tmp_path, data: bytes):
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / f"{EXERCISE}.ipynb").write_bytes(data)
    return lambda: read_upload("student", folder, [EXERCISE])


def test_a_chain_of_helper_cells_is_resolved_in_linear_time(tmp_path):
    """Cell i calls the helper of cell i+1: resolving what the answer needs walks the whole chain."""
    count = extract.MAX_CODE_CELLS - 1
    cells = [_code("def relu(x):\n    return h0(x)\n", answer=True)]
    cells += [_code(f"def h{i}(x):\n    return h{i + 1}(x)\n") for i in range(count - 1)]
    cells.append(_code(f"def h{count - 1}(x):\n    return x\n"))
    submission, seconds, peak = _measured(_upload(tmp_path, _notebook(cells)))
    text = submission.files[f"{EXERCISE}.py"]
    assert f"def h{count - 1}(x)" in text and text.count("def h") == count
    assert seconds < SECONDS and peak < PEAK_MB, (seconds, peak)


def test_a_notebook_of_tiny_json_values_is_refused_before_parsing(tmp_path):
    data = b'{"cells": [], "x": [' + b"[]," * (10 << 20) + b"[]]}"  # 30 MB: ~5 GB as Python lists
    assert len(data) < extract.MAX_NOTEBOOK_BYTES
    submission, seconds, peak = _measured(_upload(tmp_path, data))
    assert "JSON values" in submission.problems[EXERCISE]
    assert seconds < SECONDS and peak < PEAK_MB, (seconds, peak)


@pytest.mark.parametrize("shape", ["one huge cell", "many cells"])
def test_more_code_than_an_exercise_file_may_hold_is_not_analysed(tmp_path, shape):
    if shape == "one huge cell":
        cells = [_code("def relu(x):\n    return x\n" + "y = 1 + 1\n" * 300_000, answer=True)]
    else:
        cells = [_code(f"v{i} = {i}\n", answer=True) for i in range(extract.MAX_CODE_CELLS + 1)]
    submission, seconds, peak = _measured(_upload(tmp_path, _notebook(cells)))
    text = submission.files[f"{EXERCISE}.py"]
    assert text.startswith("raise ImportError(") and len(text) < 1000, text[:200]
    assert seconds < SECONDS and peak < PEAK_MB, (seconds, peak)


def test_many_large_notebooks_in_one_upload_are_read_within_a_total(tmp_path):
    folder = tmp_path / "student"
    folder.mkdir()
    padding = {"cell_type": "markdown", "metadata": {}, "source": "x" * (20 << 20)}
    data = _notebook([padding])
    for index in range(8):  # 160 MB of notebooks; the upload's total read is capped
        (folder / f"n{index}.ipynb").write_bytes(data)
    submission, seconds, peak = _measured(lambda: read_upload("student", folder, [EXERCISE]))
    assert "not read" in submission.problems[EXERCISE]
    assert seconds < SECONDS and peak < PEAK_MB, (seconds, peak)


def test_rule_scans_keep_no_tree_once_done():
    """A parse tree is many times its source: none may outlive the scan of a student's file."""
    sources = [f"x{n} = [" + "1, " * 10_000 + "1]\n" for n in range(3)]
    gc.collect()
    tracemalloc.start()
    try:
        for source in sources:
            assert static.loops(source) == []
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] >> 20
    finally:
        tracemalloc.stop()
    assert kept < 3, f"{kept} MB still held after the scans"


def test_a_source_over_the_limit_is_not_parsed():
    source = "x = 1\n" * (static.MAX_SOURCE // 6 + 1)
    assert static.nodes(source) is None
    assert static.forbidden_uses(source, ("torch.relu",)) == ["the file is too large to scan"]
