"""Exercise 10: interview questions, answered as numbers or as the letter of a choice.

Answer as you would at a whiteboard. Forbidden: importing torch (measuring is not answering).
"""


def receptive_field_two_3x3() -> int:
    """Two 3x3 convs (stride 1, no dilation) in a row: how many input pixels wide is the
    receptive field of one output pixel of the second conv? Return an int."""
    raise NotImplementedError("receptive_field_two_3x3: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def receptive_field_stride_2_then_3x3() -> int:
    """A 3x3 conv with stride 2, then a 3x3 conv with stride 1: how wide is the receptive
    field of one output pixel of the second conv, in input pixels? Return an int."""
    raise NotImplementedError("receptive_field_stride_2_then_3x3: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def params_two_3x3_vs_one_5x5() -> tuple[int, int]:
    """With 64 channels in and out at every layer and no bias: return (parameters of two
    stacked 3x3 convs, parameters of one 5x5 conv). Both see a 5x5 receptive field."""
    raise NotImplementedError("params_two_3x3_vs_one_5x5: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def params_1x1_conv() -> int:
    """How many learnable parameters has nn.Conv2d(64, 32, kernel_size=1) (with bias)?"""
    raise NotImplementedError("params_1x1_conv: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def relu_gradient_at_minus_two() -> float:
    """What is d ReLU(x) / dx at x = -2.0? Return a number."""
    raise NotImplementedError("relu_gradient_at_minus_two: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def why_weight_sharing() -> str:
    """Why does weight sharing make a conv layer need far fewer parameters than a
    fully connected layer on the same image? Return "A", "B", "C" or "D".

    A) The same small kernel is applied at every position, so the count does not grow with the image size.
    B) The conv layer stores its weights in half precision.
    C) The ReLU after the conv sets half of the weights to zero.
    D) Padding removes the weights at the border.
    """
    raise NotImplementedError("why_weight_sharing: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def what_conv2d_computes() -> str:
    """What does nn.Conv2d compute? Return "A", "B", "C" or "D".

    A) A true convolution: the kernel is flipped before sliding.
    B) A cross-correlation: the kernel slides over the input without flipping.
    C) A Fourier transform of the input followed by a product.
    D) A max over each window.
    """
    raise NotImplementedError("what_conv2d_computes: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def shifted_input() -> str:
    """Shift an image one pixel to the right (ignore the borders). What happens to the
    output of Conv2d(3, 8, 3, padding=1) + ReLU? Return "A", "B", "C" or "D".

    A) It is unchanged: convolutions are translation invariant.
    B) It shifts one pixel to the right: conv and ReLU are translation equivariant.
    C) It changes unpredictably, since the weights differ per position.
    D) Only the bias changes.
    """
    raise NotImplementedError("shifted_input: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def dying_relu() -> str:
    """What is a "dying ReLU"? Return "A", "B", "C" or "D".

    A) A unit whose pre-activation is negative for every input, so its gradient is always 0 and it stops learning.
    B) A ReLU whose output overflows to infinity.
    C) A ReLU removed by the optimiser during training.
    D) A unit whose gradient explodes for large inputs.
    """
    raise NotImplementedError("dying_relu: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")


def why_cnns_suit_images() -> str:
    """Which is NOT a reason CNNs suit images? Return "A", "B", "C" or "D".

    A) They exploit local spatial structure: nearby pixels are related.
    B) Weight sharing cuts parameters and lets a feature be found anywhere.
    C) Stacked layers build hierarchical features: edges, textures, parts, objects.
    D) Convolutions see every pixel of the image at once in the first layer.
    """
    raise NotImplementedError("why_cnns_suit_images: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex10")
