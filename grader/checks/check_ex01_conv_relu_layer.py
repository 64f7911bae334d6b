"""Checks for exercise 1: Conv2d(3, 8, 3, padding=1) + ReLU built from nn layers."""

import torch
import torch.nn.functional as F

from grader.checks.compare import Mistake, expect_close, expect_tensor, fail
from grader.checks.plan import module

EXERCISE = "ex01_conv_relu_layer"
SEED_INPUT = (1, 3, 64, 64)


def plan(draw):
    seed_x, seed_g = draw.normal(*SEED_INPUT), draw.normal(1, 8, 64, 64)
    other_x, other_g = draw.normal(4, 3, 20, 24), draw.normal(4, 8, 20, 24)  # another batch and size
    return [module("layer", "ConvReLU", inputs=[seed_x, other_x], grad_outputs=[seed_g, other_g])]


def _report(run) -> dict:
    value = run.value("layer")
    if not isinstance(value, dict) or "state" not in value:
        fail(run.ops["layer"].describe(), "no module report", "a working nn.Module")
    return value


def _weights(run):
    """The student's conv weight and bias, found by shape: (8, 3, 3, 3) and (8,)."""
    state = _report(run)["state"]
    call = "ConvReLU()"
    tensors = {k: expect_tensor(v, call, f"parameter {k}") for k, v in state.items()}
    weights = [t for t in tensors.values() if t.dim() == 4]
    biases = [t for t in tensors.values() if t.dim() == 1]
    if not tensors:
        fail(call, "a module with no parameters", "a Conv2d registered as an attribute (self.conv = nn.Conv2d(...))",
             detail="Layers kept in a plain list or created inside forward are not registered, and so never learn.")
    if len(weights) != 1:
        fail(call, f"{len(weights)} four-dimensional weights", "exactly one conv weight of shape (8, 3, 3, 3)")
    return weights[0].to(run.device), (biases[0].to(run.device) if len(biases) == 1 else None)


def test_conv_has_3_in_8_out_channels_and_a_3x3_kernel(run):
    """The conv weight is (out_channels, in_channels, k, k) = (8, 3, 3, 3)."""
    weight, _ = _weights(run)
    shape = tuple(weight.shape)
    if shape == (8, 3, 3, 3):
        return
    advice = {
        (3, 8, 3, 3): "in_channels and out_channels are swapped: the input has 3 channels, the layer makes 8.",
        (8, 3, 5, 5): "kernel_size is 5; the seed layer uses 3.",
        (8, 3, 1, 1): "kernel_size is 1; the seed layer uses 3.",
    }.get(shape, "Conv2d(in_channels=3, out_channels=8, kernel_size=3) has a weight of shape (8, 3, 3, 3).")
    fail("ConvReLU()", f"a conv weight of shape {shape}", "(8, 3, 3, 3)", detail=advice)


def test_conv_has_a_bias(run):
    """nn.Conv2d keeps its default bias=True: 8 biases."""
    _, bias = _weights(run)
    if bias is None or tuple(bias.shape) != (8,):
        fail("ConvReLU()", "no bias of shape (8,)", "a bias of 8 values (the default bias=True)",
             matched=Mistake("bias missing", "Conv2d(..., bias=False) drops the bias; keep the default.", lambda: None))


def test_output_shape_is_1_8_64_64(run):
    out = expect_tensor(_report(run)["forwards"][0]["output"], f"ConvReLU() applied to a tensor{SEED_INPUT}")
    shape = tuple(out.shape)
    if shape == (1, 8, 64, 64):
        return
    known = {
        (1, 8, 62, 62): Mistake("padding missing", "A 3x3 kernel without padding loses a pixel on each side: padding=1 keeps 64.", lambda: None),
        (8, 64, 64): Mistake("missing batch dimension", "Keep N: the output is (N, C, H, W), with N = 1 here.", lambda: None),
        (1, 64, 64, 8): Mistake("channels-last layout", "PyTorch's layout is (N, C, H, W): do not permute the output.", lambda: None),
        (1, 8, 66, 66): Mistake("too much padding", "padding=2 with a 3x3 kernel grows the output; use padding=1.", lambda: None),
    }
    fail(f"ConvReLU() applied to a tensor{SEED_INPUT}", f"shape {shape}", "(1, 8, 64, 64)", matched=known.get(shape))


def _expected_and_mistakes(run, index):
    op = run.ops["layer"]
    x = op.inputs[index].to(run.device)
    weight, bias = _weights(run)
    conv = F.conv2d(x, weight, bias, padding=1)
    mistakes = [
        Mistake("ReLU missing", "forward must apply the ReLU after the conv; negative values should be 0.", lambda: conv),
        Mistake("ReLU applied before the conv", "The ReLU acts on the conv's output, not on the input.",
                lambda: F.conv2d(torch.relu(x), weight, bias, padding=1)),
        Mistake("bias not applied", "The conv's bias is part of its output.",
                lambda: torch.relu(F.conv2d(x, weight, None, padding=1))),
        Mistake("kernel flipped", "nn.Conv2d computes a cross-correlation; do not flip the kernel.",
                lambda: torch.relu(F.conv2d(x, weight.flip(-1, -2), bias, padding=1))),
    ]
    return x, torch.relu(conv), mistakes


def test_output_is_conv_then_relu(run):
    """Values equal ReLU(conv(x)) computed by PyTorch with the layer's own weights."""
    x, expected, mistakes = _expected_and_mistakes(run, 0)
    got = _report(run)["forwards"][0]["output"]
    expect_close(got, expected, f"ConvReLU() applied to a tensor{tuple(x.shape)}", mistakes)


def test_works_for_any_batch_and_image_size(run):
    x, expected, mistakes = _expected_and_mistakes(run, 1)
    got = _report(run)["forwards"][1]["output"]
    expect_close(got, expected, f"ConvReLU() applied to a tensor{tuple(x.shape)}", mistakes)


def test_gradients_flow_to_the_conv_weights(run):
    """Autograd reaches the weight and the bias, with PyTorch's values."""
    op = run.ops["layer"]
    x, g = op.inputs[0].to(run.device), op.grad_outputs[0].to(run.device)
    weight, bias = _weights(run)
    leaf_w = weight.clone().requires_grad_(True)
    leaf_b = bias.clone().requires_grad_(True) if bias is not None else None
    torch.relu(F.conv2d(x, leaf_w, leaf_b, padding=1)).backward(g)
    grads = _report(run)["forwards"][0]["param_grads"]
    state = _report(run)["state"]
    name = next(k for k, v in state.items() if expect_tensor(v, "ConvReLU()").dim() == 4)
    if grads.get(name) is None:
        fail("backward() through ConvReLU()", f"no gradient for {name}", "a gradient for the conv weight",
             detail="Is the conv registered as a submodule, and is its output used (not detached)?")
    expect_close(grads[name], leaf_w.grad, "backward() through ConvReLU()", what="the weight's gradient")
