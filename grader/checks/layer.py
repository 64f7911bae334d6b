"""What the sandbox reports about a learner's nn.Module (exercises 1 and 9), read with care.

The child builds the module, sets the grader's weights into it, runs each forward pass,
and runs a backward pass only when the output has the shape the grader's gradient has.
Checks here look at the forward first: a wrong shape is named in the learner's words,
and gradients are compared only once the forward pass is right.
"""

from __future__ import annotations

import torch

from grader.checks.compare import Mistake, expect_tensor, fail, kind_of
from grader.checks.submission import CheckFailed, describe_error


def report(run, op_id: str) -> dict:
    """The module's report, or a failure that says why there is none."""
    value = run.value(op_id)
    if type(value) is not dict or type(value.get("parameters")) is not dict:
        fail(run.ops[op_id].describe(), kind_of(value), "an nn.Module the grader can build and run")
    if "load_error" in value:
        names = ", ".join(f"{k} {tuple(v.shape)}" for k, v in (run.ops[op_id].load_state or {}).items())
        fail(run.ops[op_id].describe(), f"a module that cannot hold the weights {names}: "
             f"{describe_error(value['load_error'])}", "nn.Parameter attributes with those names and shapes",
             detail="Register self.weight and self.bias as nn.Parameter, with the shapes the docstring gives.")
    return value


def parameter_shapes(run, op_id: str) -> dict[str, tuple[int, ...]]:
    shapes = {}
    for name, entry in report(run, op_id)["parameters"].items():
        shape = entry.get("shape") if type(entry) is dict else None
        if type(shape) in (list, tuple) and all(type(s) is int for s in shape):
            shapes[str(name)] = tuple(shape)
    return shapes


def step(run, op_id: str, index: int) -> dict:
    """The index-th forward pass; a forward that raised fails with the learner's own error."""
    forwards = report(run, op_id).get("forwards")
    op = run.ops[op_id]
    call = f"{op.name}(...) applied to {_describe(op.inputs[index])}"
    if type(forwards) is not list or len(forwards) <= index or type(forwards[index]) is not dict:
        fail(call, "no result for this input", "an output tensor")
    found = forwards[index]
    if "error" in found:
        error = found["error"] if type(found["error"]) is dict else {}
        fail(call, f"an error from your forward: {describe_error(error)}", "an output tensor",
             detail=_error_advice(error))
    return found


def output(run, op_id: str, index: int) -> torch.Tensor:
    op = run.ops[op_id]
    return expect_tensor(step(run, op_id, index).get("output"), f"{op.name}(...) applied to {_describe(op.inputs[index])}",
                         "a torch.Tensor")


def expect_shape(run, op_id: str, index: int, expected: tuple[int, ...], mistakes: list[Mistake],
                 layer: str) -> None:
    """The forward output's shape, exactly; a wrong one is named in the learner's words."""
    op = run.ops[op_id]
    got = tuple(output(run, op_id, index).shape)
    if got == expected:
        return
    matched = next((m for m in mistakes if m.answer() == got), None)
    fail(f"{op.name}(...) applied to {_describe(op.inputs[index])}", f"an output of shape {got}",
         f"shape {expected}: {layer}", matched=matched,
         detail="" if matched else _dimensions(got, expected))


def forward_is_right(check, *args) -> None:
    """Run a forward check; when it fails, gradient checks say so instead of comparing."""
    try:
        check(*args)
    except CheckFailed as failed:
        raise CheckFailed("The forward pass is not right yet, so its gradients are not checked: fix the "
                          "failing output checks first.\nThe forward check says:\n  "
                          + str(failed).replace("\n", "\n  "), mistake=failed.mistake) from None


def gradients(run, op_id: str, index: int) -> dict:
    """The backward pass's results; a skipped or failed backward is explained, never shown raw."""
    found = step(run, op_id, index)
    state = found.get("backward")
    call = f"backward() through {run.ops[op_id].name}(...)"
    if state == "done":
        return found
    if state == "failed":
        fail(call, f"autograd could not go back through your forward: "
             f"{describe_error(found.get('backward_error') if type(found.get('backward_error')) is dict else {})}",
             "gradients for the input and the parameters",
             detail="An in-place change of a tensor autograd still needs (x[...] = ..., relu_(), +=) breaks the "
                    "backward pass: build new tensors instead.")
    if state == "skipped: the output does not require grad":
        fail(call, "an output that autograd cannot trace back", "an output that depends on the input and the parameters",
             detail="Is the output built with .detach(), .data, torch.no_grad() or numpy? Stay with torch operations.")
    fail(call, "no backward pass", "gradients", detail="The forward pass's output must be right first.")


def _describe(value: object) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor{tuple(value.shape)}"
    return repr(value)


def _dimensions(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    if len(got) != len(expected):
        return (f"The output has {len(got)} dimensions; a conv layer's output has four, (N, C, H, W): "
                "keep the batch dimension and do not flatten or permute.")
    names = ("N (the batch)", "C (the channels)", "H (the height)", "W (the width)")
    off = [names[i] for i in range(4) if got[i] != expected[i]]
    return "Off: " + ", ".join(off) + "."


def _error_advice(error: dict) -> str:
    message = str(error.get("message", ""))
    if "channels" in message and "expected" in message:
        return "The conv received a tensor whose dimension 1 is not the channels: keep the input as (N, C, H, W)."
    if "3D (unbatched) or 4D (batched)" in message or "Expected 3D" in message:
        return "The conv received a tensor with the wrong number of dimensions: pass (N, C, H, W) through unchanged."
    if "size of tensor a" in message or "shapes cannot be multiplied" in message:
        return "Two tensors' shapes do not fit together: print the shapes at each step of forward."
    return ""
