"""Wrong answers students really hand in, as edits of the reference solutions.

(A padding missing in ex01 or ex09 is not used: the grader cannot name it there yet, because the
sandbox's backward pass with a gradient of the expected shape fails first.) Two variant sets, each
with one named mistake per exercise, so a workspace of each can be graded in
one `grader check` run. The grader, not this file, decides which mistake it sees.
"""

from __future__ import annotations

# exercise -> (find, replace) edits; every `find` must occur in the solution.
MISTAKES_A: dict[str, list[tuple[str, str]]] = {
    "ex01_conv_relu_layer": [("kernel_size=3, padding=1)\n", "kernel_size=3, padding=1, bias=False)\n")],
    "ex02_predict_shapes": [('"seed_after_conv": (1, 8, 64, 64)', '"seed_after_conv": (8, 64, 64)'),
                            ('"seed_after_relu": (1, 8, 64, 64)', '"seed_after_relu": (8, 64, 64)')],
    "ex03_output_size": [("out = (size + 2 * padding - span) // stride + 1",
                          "out = -(-(size + 2 * padding - span) // stride) + 1")],
    "ex04_count_parameters": [("return weights + (out_channels if bias else 0)", "return weights")],
    "ex05_count_macs": [("return macs_per_output * outputs", "return 2 * macs_per_output * outputs")],
    "ex06_relu_from_scratch": [("(x > 0).to(grad_output.dtype)", "(x >= 0).to(grad_output.dtype)")],
    "ex07_conv2d_loops": [("window, weight)", "window, weight.flip(-1, -2))")],
    "ex08_conv2d_unfold": [("padding=padding, ", ""), ("h + 2 * padding - k", "h - k"), ("w + 2 * padding - k", "w - k")],
    "ex09_conv_relu_from_scratch": [("self.weight.view(c_out, -1) @ cols", "self.weight.flip(-1, -2).reshape(c_out, -1) @ cols")],
    "ex10_interview_questions": [("return 5\n", "return 6\n")],
}

MISTAKES_B: dict[str, list[tuple[str, str]]] = {
    "ex01_conv_relu_layer": [("return self.relu(self.conv(x))", "return self.conv(x)")],
    "ex02_predict_shapes": [('"stride_2": (1, 8, 32, 32)', '"stride_2": (1, 8, 31, 31)')],
    "ex03_output_size": [("out = (size + 2 * padding - span) // stride + 1", "out = (size + 2 * padding - span) // stride")],
    "ex04_count_parameters": [("weights = out_channels * in_channels * kernel_size * kernel_size",
                               "weights = out_channels * kernel_size * kernel_size")],
    "ex05_count_macs": [("outputs = batch * out_channels", "outputs = out_channels")],
    "ex06_relu_from_scratch": [("return grad_output * (x > 0)", "return (x > 0)")],
    "ex07_conv2d_loops": [("x = F.pad(x, (padding, padding, padding, padding))", "x = x"),
                          ("h + 2 * padding - k", "h - k"), ("w + 2 * padding - k", "w - k")],
    "ex08_conv2d_unfold": [("out = out + bias.view(1, c_out, 1)", "out = out")],
    "ex09_conv_relu_from_scratch": [("return torch.where(out > 0, out, torch.zeros_like(out))", "return out")],
    "ex10_interview_questions": [("return 2_080", "return 2_048")],
}


def apply(solution: str, edits: list[tuple[str, str]], exercise: str) -> str:
    for find, replace in edits:
        if find not in solution:
            raise ValueError(f"{exercise}: the variant's text {find!r} is not in the solution any more")
        solution = solution.replace(find, replace)
    return solution
