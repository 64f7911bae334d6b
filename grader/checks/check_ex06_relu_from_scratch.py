"""Checks for exercise 6: ReLU's forward and backward passes, from scratch."""

import torch

from grader.checks.compare import Mistake, expect_close, expect_tensor, fail
from grader.checks.plan import call

EXERCISE = "ex06_relu_from_scratch"


def plan(draw):
    x = draw.with_zeros(2, 3, 6, 7)  # exact zeros show the gradient convention at 0
    x64 = draw.with_zeros(4, 5).double()
    g = draw.normal(2, 3, 6, 7)
    return [
        call("forward", "relu", x, report_args=True),
        call("forward_float64", "relu", x64),
        call("backward", "relu_backward", x, g),
    ]


def _forward(run, op_id):
    value = run.value(op_id)
    return value["returned"] if isinstance(value, dict) and "returned" in value else value


def test_relu_matches_pytorch(run):
    op = run.ops["forward"]
    x = op.args[0].to(run.device)
    expect_close(_forward(run, "forward"), torch.relu(x), op.describe(), mistakes=relu_mistakes(x))


def relu_mistakes(x) -> list[Mistake]:
    """Known wrong forward passes (the drills name them too: grader/drill/mistakes.py)."""
    return [
        Mistake("negatives kept as their absolute value", "ReLU puts 0 where x < 0; it does not flip the sign.", lambda: x.abs()),
        Mistake("the mask returned instead of the values", "x > 0 says where to keep x; multiply by it or use torch.where.", lambda: (x > 0).float()),
        Mistake("the negative part returned", "ReLU keeps the positive values.", lambda: torch.clamp(x, max=0)),
    ]


def test_relu_keeps_float64(run):
    op = run.ops["forward_float64"]
    x = op.args[0].to(run.device)
    expect_close(run.value("forward_float64"), torch.relu(x), op.describe())


def test_relu_does_not_modify_its_input(run):
    """Only a working relu can earn this: its result must match first."""
    test_relu_matches_pytorch(run)
    op = run.ops["forward"]
    value = run.value("forward")
    after = value.get("args_after") if isinstance(value, dict) else None
    if not isinstance(after, tuple) or not after:
        fail(op.describe(), "no report of the arguments", "the arguments after the call")
    x_after = expect_tensor(after[0], op.describe(), "the input x after the call")
    if not torch.equal(x_after.to(run.device), op.args[0].to(run.device)):
        fail(op.describe(), "x was changed by the call", "x unchanged",
             detail="An in-place operation (x[x < 0] = 0, x.clamp_(), x.mul_()) edits the caller's tensor; "
                    "build a new tensor instead.")


def test_relu_backward_matches_autograd(run):
    op = run.ops["backward"]
    x, g = (a.to(run.device) for a in op.args)
    expect_close(run.value("backward"), _autograd_relu(x, g), op.describe(), mistakes=relu_backward_mistakes(x, g))


def relu_backward_mistakes(x, g) -> list[Mistake]:
    """Known wrong backward passes (the drills name them too: grader/drill/mistakes.py)."""
    return [
        Mistake("gradient 1 at x == 0", "PyTorch's ReLU gradient at exactly 0 is 0: use x > 0, not x >= 0.",
                lambda: g * (x >= 0)),
        Mistake("grad_output not used", "The chain rule multiplies the local slope by the upstream gradient grad_output.",
                lambda: (x > 0).to(g.dtype)),
        Mistake("ReLU applied to grad_output", "The mask comes from x, the forward input, not from grad_output.",
                lambda: torch.relu(g)),
        Mistake("the forward output returned", "relu_backward returns dL/dx, not ReLU(x).", lambda: torch.relu(x)),
    ]


def _autograd_relu(x, g):
    leaf = x.clone().requires_grad_(True)
    (torch.relu(leaf) * g).sum().backward()  # = backward(g): the same gradient, faster the first time
    return leaf.grad
