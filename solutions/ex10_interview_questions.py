"""Exercise 10: interview questions, answered as numbers or as the letter of a choice.

Answer as you would at a whiteboard. Forbidden: importing torch (measuring is not answering).
"""


def receptive_field_two_3x3() -> int:
    """Two 3x3 convs (stride 1, no dilation) in a row: how many input pixels wide is the
    receptive field of one output pixel of the second conv? Return an int."""
    ### BEGIN SOLUTION
    # Each 3x3 layer widens the view by k - 1 = 2 pixels: 1 + 2 + 2.
    return 5
    ### END SOLUTION


def receptive_field_stride_2_then_3x3() -> int:
    """A 3x3 conv with stride 2, then a 3x3 conv with stride 1: how wide is the receptive
    field of one output pixel of the second conv, in input pixels? Return an int."""
    ### BEGIN SOLUTION
    # The second layer's 2 extra pixels are 2 input pixels apart after the stride: 3 + 2 * 2.
    return 7
    ### END SOLUTION


def params_two_3x3_vs_one_5x5() -> tuple[int, int]:
    """With 64 channels in and out at every layer and no bias: return (parameters of two
    stacked 3x3 convs, parameters of one 5x5 conv). Both see a 5x5 receptive field."""
    ### BEGIN SOLUTION
    # 2 * (64 * 64 * 9) versus 64 * 64 * 25: the stack is cheaper and adds a non-linearity.
    return (73_728, 102_400)
    ### END SOLUTION


def params_1x1_conv() -> int:
    """How many learnable parameters has nn.Conv2d(64, 32, kernel_size=1) (with bias)?"""
    ### BEGIN SOLUTION
    # A 1x1 conv is a per-pixel linear map across channels: 64 * 32 weights + 32 biases.
    return 2_080
    ### END SOLUTION


def relu_gradient_at_minus_two() -> float:
    """What is d ReLU(x) / dx at x = -2.0? Return a number."""
    ### BEGIN SOLUTION
    return 0.0
    ### END SOLUTION


def why_weight_sharing() -> str:
    """Why does weight sharing make a conv layer need far fewer parameters than a
    fully connected layer on the same image? Return "A", "B", "C" or "D".

    A) The same small kernel is applied at every position, so the count does not grow with the image size.
    B) The conv layer stores its weights in half precision.
    C) The ReLU after the conv sets half of the weights to zero.
    D) Padding removes the weights at the border.
    """
    ### BEGIN SOLUTION
    return "A"
    ### END SOLUTION


def what_conv2d_computes() -> str:
    """What does nn.Conv2d compute? Return "A", "B", "C" or "D".

    A) A true convolution: the kernel is flipped before sliding.
    B) A cross-correlation: the kernel slides over the input without flipping.
    C) A Fourier transform of the input followed by a product.
    D) A max over each window.
    """
    ### BEGIN SOLUTION
    # Without the flip; a learned kernel would simply learn the flipped weights anyway.
    return "B"
    ### END SOLUTION


def shifted_input() -> str:
    """Shift an image one pixel to the right (ignore the borders). What happens to the
    output of Conv2d(3, 8, 3, padding=1) + ReLU? Return "A", "B", "C" or "D".

    A) It is unchanged: convolutions are translation invariant.
    B) It shifts one pixel to the right: conv and ReLU are translation equivariant.
    C) It changes unpredictably, since the weights differ per position.
    D) Only the bias changes.
    """
    ### BEGIN SOLUTION
    # Shared weights make the layer equivariant; invariance needs pooling over positions.
    return "B"
    ### END SOLUTION


def dying_relu() -> str:
    """What is a "dying ReLU"? Return "A", "B", "C" or "D".

    A) A unit whose pre-activation is negative for every input, so its gradient is always 0 and it stops learning.
    B) A ReLU whose output overflows to infinity.
    C) A ReLU removed by the optimiser during training.
    D) A unit whose gradient explodes for large inputs.
    """
    ### BEGIN SOLUTION
    return "A"
    ### END SOLUTION


def why_cnns_suit_images() -> str:
    """Which is NOT a reason CNNs suit images? Return "A", "B", "C" or "D".

    A) They exploit local spatial structure: nearby pixels are related.
    B) Weight sharing cuts parameters and lets a feature be found anywhere.
    C) Stacked layers build hierarchical features: edges, textures, parts, objects.
    D) Convolutions see every pixel of the image at once in the first layer.
    """
    ### BEGIN SOLUTION
    # A first-layer unit sees only its kernel's window; the view grows with depth.
    return "D"
    ### END SOLUTION
