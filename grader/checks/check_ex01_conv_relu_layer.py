"""Checks for exercise 1: Conv2d(3, 8, 3, padding=1) + ReLU built from nn layers.

The grader sets weights of its own into the learner's layer (into the one parameter of
shape (8, 3, 3, 3) and the one of shape (8,)), so every expected value, and every
tolerance, depends only on what the grader chose.
"""

import torch
import torch.nn.functional as F

from grader.checks import layer
from grader.checks.compare import Mistake, expect_close, fail
from grader.checks.plan import module

EXERCISE = "ex01_conv_relu_layer"
WEIGHT, BIAS = (8, 3, 3, 3), (8,)
LAYER = "(N, 8, H, W): out_channels=8, and padding=1 keeps H and W for a 3x3 kernel"


def plan(draw):
    weight, bias = draw.normal(*WEIGHT) * 0.3, draw.normal(*BIAS) * 0.3
    seed_x, seed_g = draw.normal(1, 3, 64, 64), draw.normal(1, 8, 64, 64)
    other_x, other_g = draw.normal(4, 3, 20, 24), draw.normal(4, 8, 20, 24)  # another batch and size
    return [module("layer", "ConvReLU", assign_by_shape=[weight, bias], inputs=[seed_x, other_x],
                   grad_outputs=[seed_g, other_g])]


def _conv_weight(run) -> tuple[str, tuple[int, ...]] | None:
    four = [(n, s) for n, s in layer.parameter_shapes(run, "layer").items() if len(s) == 4]
    return four[0] if len(four) == 1 else None


def test_conv_has_3_in_8_out_channels_and_a_3x3_kernel(run):
    """The conv weight is (out_channels, in_channels, k, k) = (8, 3, 3, 3)."""
    four = [s for s in layer.parameter_shapes(run, "layer").values() if len(s) == 4]
    if not four:
        fail("ConvReLU()", "a module with no conv weight", "a Conv2d registered as an attribute (self.conv = nn.Conv2d(...))",
             detail="Layers kept in a plain list or created inside forward are not registered, and so never learn.")
    if len(four) != 1:
        fail("ConvReLU()", f"{len(four)} four-dimensional weights", "exactly one conv weight of shape (8, 3, 3, 3)")
    shape = four[0]
    if shape == WEIGHT:
        return
    c_out, c_in, k, _ = shape
    advice = []
    if (c_out, c_in) == (3, 8):
        advice.append("in_channels and out_channels are swapped: the input has 3 channels, the layer makes 8.")
    else:
        if c_in != 3:
            advice.append(f"in_channels is {c_in}: an RGB image has 3 channels.")
        if c_out != 8:
            advice.append(f"out_channels is {c_out}: the block makes 8 feature maps.")
    if k != 3:
        advice.append(f"kernel_size is {k}; the block's kernel is 3x3.")
    fail("ConvReLU()", f"a conv weight of shape {shape}", "(8, 3, 3, 3): (out_channels, in_channels, k, k)",
         detail=" ".join(advice))


def test_conv_has_a_bias(run):
    """nn.Conv2d keeps its default bias=True: 8 biases."""
    shapes = layer.parameter_shapes(run, "layer").values()
    if BIAS in shapes:
        return
    other = [s for s in shapes if len(s) == 1]
    if other:
        fail("ConvReLU()", f"a bias of shape {other[0]}", "a bias of 8 values: one per output channel",
             detail=f"A conv has one bias per output channel: {other[0][0]} biases means out_channels={other[0][0]}.")
    fail("ConvReLU()", "no bias of shape (8,)", "a bias of 8 values (the default bias=True)",
         matched=Mistake("bias missing", "Conv2d(..., bias=False) drops the bias; keep the default.", lambda: None))


def _shape_mistakes(run, x: torch.Tensor) -> list[Mistake]:
    """Wrong shapes named from the layer's own parameter shapes, never by running it."""
    n, _, h, w = x.shape
    found = _conv_weight(run)
    k = found[1][2] if found else 3
    c = found[1][0] if found else 8
    mistakes = [
        Mistake("padding missing", "A 3x3 kernel without padding loses a pixel on each side: padding=1 keeps the size.",
                lambda: (n, 8, h - 2, w - 2) if k == 3 else None),
        Mistake("kernel size wrong", f"The layer's kernel is {k}x{k}; the block's is 3x3 (kernel_size=3, padding=1).",
                lambda: (n, c, h + 2 - k + 1, w + 2 - k + 1) if k != 3 else None),
        Mistake("out_channels wrong", f"The layer makes {c} channels; the block makes 8 (out_channels=8).",
                lambda: (n, c, h, w) if c != 8 else None),
        Mistake("missing batch dimension", "Keep N: the output is (N, C, H, W), also when N = 1.",
                lambda: (8, h, w) if n == 1 else None),
        Mistake("channels-last layout", "PyTorch's layout is (N, C, H, W): do not permute the output.", lambda: (n, h, w, 8)),
        Mistake("too much padding", "padding=2 with a 3x3 kernel grows the output; use padding=1.", lambda: (n, 8, h + 2, w + 2)),
    ]
    return mistakes


def _check_shape(run, index: int) -> None:
    x = run.ops["layer"].inputs[index]
    expected = (x.shape[0], 8, x.shape[2], x.shape[3])
    layer.expect_shape(run, "layer", index, expected, _shape_mistakes(run, x), LAYER)


def test_output_shape_is_1_8_64_64(run):
    _check_shape(run, 0)


def _check_values(run, index: int) -> None:
    """Once per run: the gradient check asks again whether the forward pass is right."""
    run.once(f"values:{index}", lambda: _compare_values(run, index))


def _compare_values(run, index: int) -> None:
    _check_shape(run, index)
    op = run.ops["layer"]
    assigned = layer.report(run, "layer").get("assigned")
    if type(assigned) is not dict or sorted(assigned.values()) != [0, 1]:
        missing = [str(s) for i, s in enumerate((WEIGHT, BIAS)) if type(assigned) is not dict or i not in assigned.values()]
        if missing == [str(BIAS)]:
            pass  # no bias: the value checks name it below ("bias missing")
        else:
            fail("ConvReLU()", f"a layer with no parameter of shape {', '.join(missing)}",
                 "the conv's weight (8, 3, 3, 3) and bias (8,)",
                 detail="The grader sets known weights into the conv to compare values; see the check of its shape.")
    x = op.inputs[index].to(run.device)
    weight, bias = (t.to(run.device) for t in op.assign_by_shape)
    conv = F.conv2d(x, weight, bias, padding=1)
    mistakes = [
        Mistake("ReLU missing", "forward must apply the ReLU after the conv; negative values should be 0.", lambda: conv),
        Mistake("ReLU applied before the conv", "The ReLU acts on the conv's output, not on the input.",
                lambda: F.conv2d(torch.relu(x), weight, bias, padding=1)),
        Mistake("bias missing", "Conv2d(..., bias=False) drops the bias; keep the default bias=True.",
                lambda: torch.relu(F.conv2d(x, weight, None, padding=1))),
        Mistake("kernel flipped", "nn.Conv2d computes a cross-correlation; do not flip the kernel.",
                lambda: torch.relu(F.conv2d(x, weight.flip(-1, -2), bias, padding=1))),
    ]
    got = layer.step(run, "layer", index).get("output")
    expect_close(got, torch.relu(conv), f"ConvReLU() applied to a tensor{tuple(x.shape)}", mistakes)


def test_output_is_conv_then_relu(run):
    """Values equal ReLU(conv(x)) computed by PyTorch with the weights the grader set."""
    _check_values(run, 0)


def test_works_for_any_batch_and_image_size(run):
    _check_values(run, 1)


def test_gradients_flow_to_the_conv_weights(run):
    """Autograd reaches the weight and the bias, with PyTorch's values."""
    layer.forward_is_right(_check_values, run, 0)
    op = run.ops["layer"]
    found = layer.gradients(run, "layer", 0)
    x, g = op.inputs[0].to(run.device), op.grad_outputs[0].to(run.device)
    weight, bias = (t.clone().to(run.device).requires_grad_(True) for t in op.assign_by_shape)
    (torch.relu(F.conv2d(x, weight, bias, padding=1)) * g).sum().backward()  # = backward(g), faster the first time
    name = _conv_weight(run)[0]
    grads = found.get("param_grads")
    if type(grads) is not dict or grads.get(name) is None:
        fail("backward() through ConvReLU()", f"no gradient for {name}", "a gradient for the conv weight",
             detail="Is the conv registered as a submodule, and is its output used (not detached)?")
    expect_close(grads[name], weight.grad, "backward() through ConvReLU()", what="the weight's gradient")
