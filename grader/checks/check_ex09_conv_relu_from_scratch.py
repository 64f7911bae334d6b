"""Checks for exercise 9: the block from scratch as an nn.Module, values and gradients."""

import math

import torch
import torch.nn.functional as F

from grader.checks import diagnose, layer
from grader.checks.compare import Mistake, expect_close, expect_tensor, fail
from grader.checks.plan import module

EXERCISE = "ex09_conv_relu_from_scratch"
NAME = "ConvReLUScratch"
FORWARDS = ("seed", "strided", "zeros")  # the cases run forward and back; "fresh" is only initialised
RELU_AT_0 = "ReLU gradient at 0 taken as 1"
RELU_AT_0_ADVICE = ("PyTorch defines ReLU's gradient at exactly 0 as 0: keep the values where out > 0 "
                    "(torch.where(out > 0, out, 0)); out.clamp(min=0) and a mask out >= 0 pass a gradient of 1 there.")


def plan(draw):
    seed_w, seed_b = draw.normal(8, 3, 3, 3) * 0.3, draw.normal(8) * 0.3
    x, g = draw.normal(2, 3, 16, 16), draw.normal(2, 8, 16, 16)
    other_w, other_b = draw.normal(4, 6, 5, 5) * 0.2, draw.normal(4) * 0.2
    x2, g2 = draw.normal(1, 6, 13, 11), draw.normal(1, 4, 7, 6)
    # A zero patch of the input and a zero bias: the pre-activation is exactly 0 over 3 x 3 output positions
    # of every channel, where ReLU's gradient convention shows. Called on the defaults (stride 1, padding 0).
    zeros_w, x3, g3 = draw.normal(4, 3, 3, 3) * 0.3, draw.normal(2, 3, 10, 9), draw.normal(2, 4, 8, 7)
    top, left = draw.integer(0, 5), draw.integer(0, 4)
    x3[:, :, top:top + 5, left:left + 5] = 0.0
    return [
        module("seed", NAME, 3, 8, 3, padding=1, load_state={"weight": seed_w, "bias": seed_b},
               inputs=[x], grad_outputs=[g]),
        module("strided", NAME, 6, 4, 5, stride=2, padding=2, load_state={"weight": other_w, "bias": other_b},
               inputs=[x2], grad_outputs=[g2]),
        module("zeros", NAME, 3, 4, 3, load_state={"weight": zeros_w, "bias": torch.zeros(4)},
               inputs=[x3], grad_outputs=[g3]),
        module("fresh", NAME, 16, 32, 3, report_values=True),  # only its initialisation is looked at
    ]


def _reference(run, op_id):
    """Output and gradients of nn.Conv2d + ReLU with the same weights, by autograd (once per run)."""
    return run.once(f"reference:{op_id}", lambda: _autograd(run, op_id))


def _autograd(run, op_id, relu=torch.relu):
    op = run.ops[op_id]
    x = op.inputs[0].to(run.device).clone().requires_grad_(True)
    w = op.load_state["weight"].to(run.device).clone().requires_grad_(True)
    b = op.load_state["bias"].to(run.device).clone().requires_grad_(True)
    out = relu(F.conv2d(x, w, b, stride=op.kwargs.get("stride", 1), padding=op.kwargs.get("padding", 0)))
    (out * op.grad_outputs[0].to(run.device)).sum().backward()  # = out.backward(g), faster the first time
    return out.detach(), x.grad, w.grad, b.grad


def _gradient_1_at_0(run, op_id):
    """The gradients a ReLU with slope 1 at exactly 0 gives (clamp(min=0), a mask out >= 0), once per run."""
    return run.once(f"relu at 0:{op_id}", lambda: _autograd(run, op_id, relu=lambda t: t.clamp(min=0)))


def _named_gradient_mistake(run, op_id: str, index: int, read) -> list[Mistake]:
    """RELU_AT_0 when its gradients (index 1: dL/dx, 2: dL/dweight, 3: dL/dbias) explain what the learner's
    backward gave on every case (diagnose.py); read(step) picks that gradient out of a case's report."""
    tensor_agrees = diagnose.tensor_agrees(run.device.type)

    def agrees(report, prediction) -> bool:
        forwards = report.get("forwards") if type(report) is dict else None
        step = forwards[0] if type(forwards) is list and forwards and type(forwards[0]) is dict else {}
        return tensor_agrees(read(step), prediction)

    mistake = lambda o: [Mistake(RELU_AT_0, RELU_AT_0_ADVICE, lambda: _gradient_1_at_0(run, o)[index])]
    return diagnose.explained(run, op_id, FORWARDS, mistake, lambda o: _reference(run, o)[index], agrees)


def _mistakes(run, op_id) -> list[Mistake]:
    op = run.ops[op_id]
    x = op.inputs[0].to(run.device)
    w, b = (op.load_state[k].to(run.device) for k in ("weight", "bias"))
    s, p = op.kwargs.get("stride", 1), op.kwargs.get("padding", 0)
    conv = lambda x=x, w=w, b=b, p=p, s=s: F.conv2d(x, w, b, stride=s, padding=p)
    right = torch.relu(conv())
    return [
        Mistake("ReLU missing", "forward ends with the ReLU: negatives become 0.", lambda: conv()),
        Mistake("ReLU applied before the conv", "Apply the ReLU to the conv's output, not its input.", lambda: conv(x=torch.relu(x))),
        Mistake("kernel flipped", "Conv2d is a cross-correlation: do not flip the kernel.", lambda: torch.relu(conv(w=w.flip(-1, -2)))),
        Mistake("bias missing", "Add the bias of each output channel before the ReLU.", lambda: torch.relu(conv(b=None))),
        Mistake("padding missing", "Pad by self.padding on every side.", lambda: torch.relu(conv(p=0))),
        Mistake("stride ignored", "Move the window by self.stride.", lambda: torch.relu(conv(s=1))),
        Mistake("missing batch dimension", "Keep N: the output is (N, C_out, H_out, W_out), also when N = 1.",
                lambda: right[0] if right.shape[0] == 1 else None),
        Mistake("channels-last layout", "Return (N, C_out, H_out, W_out): channels before height and width.",
                lambda: right.permute(0, 2, 3, 1)),
    ]


def _initial(run) -> dict:
    return layer.report(run, "fresh")["parameters"]


def test_registers_weight_and_bias_as_parameters(run):
    initial = _initial(run)
    call = run.ops["fresh"].describe()
    if sorted(initial) != ["bias", "weight"]:
        fail(call, f"parameters {sorted(initial) or 'none'}", "exactly two parameters, 'weight' and 'bias'",
             detail="Wrap each tensor in nn.Parameter and assign it to self.weight and self.bias.")
    shapes = layer.parameter_shapes(run, "fresh")
    if shapes != {"weight": (32, 16, 3, 3), "bias": (32,)}:
        fail(call, f"shapes {shapes}", "weight (32, 16, 3, 3) and bias (32,): (C_out, C_in, K, K) and (C_out,)")


# How far towards each end of [-bound, bound] the initial values must reach: a bound computed wrong (fan_in
# of the wrong factors) or a one-sided range (uniform_(0, bound)) stays short of one end. For n draws of
# U(-bound, bound), all stay short of t * bound on a given side with probability ((1 + t) / 2) ** n: the
# weight's 4608 values miss 0.9 * bound on one side or the other with 2 * 0.95 ** 4608 < 1e-102, the bias's
# 32 values miss 0.25 * bound with 2 * 0.625 ** 32 < 6e-7. A right initialisation passes but for that.
REACH = {"weight": 0.9, "bias": 0.25}


def test_initialises_like_nn_conv2d(run):
    """Uniform over all of [-1/sqrt(fan_in), 1/sqrt(fan_in)], fan_in = C_in * K * K: not zeros, not N(0, 1),
    not a narrower or one-sided range (REACH)."""
    initial = _initial(run)
    bound = 1 / math.sqrt(16 * 3 * 3)
    for name in ("weight", "bias"):
        if name not in initial:
            fail(run.ops["fresh"].describe(), f"no parameter {name}", f"a parameter named {name}")
        shape = tuple(initial[name].get("shape", ())) if type(initial[name]) is dict else ()
        if shape != {"weight": (32, 16, 3, 3), "bias": (32,)}[name]:
            fail(run.ops["fresh"].describe(), f"{name} of shape {shape}", "the shapes nn.Conv2d(16, 32, 3) uses")
        values = expect_tensor(initial[name].get("value"), run.ops["fresh"].describe(), name)
        if tuple(values.shape) != shape:
            fail(run.ops["fresh"].describe(), f"{name} values of shape {tuple(values.shape)}", f"values of shape {shape}")
        spread = float(values.std()) if values.numel() > 1 else 0.0
        low, high = (float(values.min()), float(values.max())) if values.numel() else (0.0, 0.0)
        reach = REACH[name] * bound
        if max(-low, high) > bound * 1.0001 or spread < bound / 4 or low > -reach or high < reach:
            fail(run.ops["fresh"].describe(), f"{name} values in [{low:.3g}, {high:.3g}], std {spread:.3g}",
                 f"uniform over all of [-{bound:.4g}, {bound:.4g}] (std about {bound / math.sqrt(3):.3g}): "
                 f"{values.numel()} draws reach past -{reach:.3g} and {reach:.3g}",
                 detail="nn.Conv2d draws from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), symmetric about 0, with "
                        "fan_in = C_in * K * K (here 16 * 3 * 3): try tensor.uniform_(-bound, bound).")


def _check_forward(run, op_id):
    """Once per run: the gradient checks ask again whether the forward pass is right."""
    run.once(f"forward:{op_id}", lambda: _compare_forward(run, op_id))


def _compare_forward(run, op_id):
    op = run.ops[op_id]
    expected = _reference(run, op_id)[0]
    out = layer.step(run, op_id, 0).get("output")
    expect_close(out, expected, op.describe(), _mistakes(run, op_id))


def test_output_matches_conv_then_relu(run):
    for op_id in ("seed", "zeros"):  # zeros: on the defaults, stride 1 and padding 0
        _check_forward(run, op_id)


def test_output_matches_with_stride_and_padding(run):
    _check_forward(run, "strided")


def test_input_gradient_matches_autograd(run):
    for op_id in FORWARDS:
        layer.forward_is_right(_check_forward, run, op_id)
        _, x_grad, _, _ = _reference(run, op_id)
        step = layer.gradients(run, op_id, 0)
        if step.get("input_grad") is None:
            fail(f"backward() through {run.ops[op_id].describe()}", "no gradient for the input",
                 "dL/dx, as autograd computes it", detail="Is the output detached, or built with .data or numpy?")
        expect_close(step["input_grad"], x_grad, f"backward() through {run.ops[op_id].describe()}", what="dL/dx",
                     mistakes=_named_gradient_mistake(run, op_id, 1, lambda step: step.get("input_grad")))


def test_weight_and_bias_gradients_match_autograd(run):
    for op_id in FORWARDS:
        layer.forward_is_right(_check_forward, run, op_id)
        _, _, w_grad, b_grad = _reference(run, op_id)
        grads = layer.gradients(run, op_id, 0).get("param_grads")
        call = f"backward() through {run.ops[op_id].describe()}"
        for name, expected in (("weight", w_grad), ("bias", b_grad)):
            if type(grads) is not dict or grads.get(name) is None:
                fail(call, f"no gradient for {name}", f"dL/d{name}",
                     detail="Use self.weight and self.bias in forward, as nn.Parameters, without detaching them.")
            named = _named_gradient_mistake(run, op_id, {"weight": 2, "bias": 3}[name],
                                            lambda step, name=name: _parameter_gradient(step, name))
            expect_close(grads[name], expected, call, what=f"dL/d{name}", mistakes=named)


def _parameter_gradient(step: dict, name: str) -> object:
    grads = step.get("param_grads")
    return grads.get(name) if type(grads) is dict else None
