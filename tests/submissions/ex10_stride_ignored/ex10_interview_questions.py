"""Wrong on purpose: the stride left out of a receptive field."""


def receptive_field_two_3x3():
    return 5


def receptive_field_stride_2_then_3x3():
    return 5  # as if both strides were 1


def params_two_3x3_vs_one_5x5():
    return (73728, 102400)


def params_1x1_conv():
    return 2080


def relu_gradient_at_minus_two():
    return 0.0


def why_weight_sharing():
    return "A"


def what_conv2d_computes():
    return "B"


def shifted_input():
    return "B"


def dying_relu():
    return "A"


def why_cnns_suit_images():
    return "D"
