"""An example of instructor-only checks: pass this folder as --hidden.

A hidden module is an ordinary check module (EXERCISE, plan(draw), test_* functions).
It gets a sandbox run of its own; its failures reach learners only as "A hidden check
failed", never with its code, its inputs or its expected values. Its checks share the
exercise's points with the visible ones.
"""

import torch.nn.functional as F

from grader.checks.compare import expect_close
from grader.checks.plan import call

EXERCISE = "ex07_conv2d_loops"


def plan(draw):
    # Sizes the learner never sees: odd channel counts, a big stride, a wide padding.
    x, w, b = draw.normal(3, 5, 13, 9), draw.normal(7, 5, 3, 3), draw.normal(7)
    return [call("odd_sizes", "conv2d_loops", x, w, b, stride=3, padding=2)]


def test_handles_odd_sizes_and_large_stride(run):
    op = run.ops["odd_sizes"]
    x, w, b = (a.to(run.device) for a in op.args)
    expect_close(run.value("odd_sizes"), F.conv2d(x, w, b, stride=3, padding=2), op.describe())
