"""Wrong on purpose: one of the two stacked 3x3 convs counted."""


def receptive_field_two_3x3():
    return 5


def receptive_field_stride_2_then_3x3():
    return 7


def params_two_3x3_vs_one_5x5():
    return (36864, 102400)  # 9 * 64 * 64


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
