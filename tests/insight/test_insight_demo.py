"""The demo class stays true to the kit: its mistakes apply to today's solutions, its independent
answers are correct code (and its wrong ones wrong), so the screenshot shows a class that could exist."""

from __future__ import annotations

import random
import types

import pytest
import torch
import torch.nn.functional as F

from grader.catalog import load
from grader.insight.demo import graded, styles, variants


def test_every_mistake_edit_still_applies_to_the_solutions():
    sources = graded.workspaces()  # raises when a solution changed under an edit
    for kind in ("mistake_a", "mistake_b"):
        assert all(sources[kind][e.name] != sources["solution"][e.name] for e in load().exercises)
    assert set(variants.MISTAKES_A) == set(variants.MISTAKES_B) == {e.name for e in load().exercises}


def _run(source: str, exercise: str):
    module = types.ModuleType("answer")
    exec(compile(source, exercise, "exec"), module.__dict__)
    x, weight, bias = torch.randn(2, 3, 9, 11), torch.randn(4, 3, 3, 3), torch.randn(4)
    if exercise == "ex09_conv_relu_from_scratch":
        layer = module.ConvReLUScratch(3, 4, 3, 2, 1)
        return layer(x), torch.relu(F.conv2d(x, layer.weight, layer.bias, 2, 1))
    function = getattr(module, "conv2d_loops", None) or module.conv2d_unfold
    return function(x, weight, bias, 2, 1), F.conv2d(x, weight, bias, 2, 1)


@pytest.mark.parametrize("exercise", styles.STYLED)
def test_styled_answers_are_right_and_styled_mistakes_wrong(exercise, stubs):
    rng = random.Random(11)
    for _ in range(25):
        for kind in ("solution", "mistake_a", "mistake_b"):
            got, expected = _run(styles.answer(exercise, kind, stubs[exercise], rng), exercise)
            right = got.shape == expected.shape and torch.allclose(got, expected, atol=1e-4)
            assert right == (kind == "solution"), kind
