"""Wrong on purpose: C after a conv taken as the input's channels."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (1, 3, 64, 64),
        "seed_after_conv": (1, 3, 64, 64),  # in_channels
        "seed_after_relu": (1, 3, 64, 64),  # in_channels
        "no_padding": (1, 3, 62, 62),  # in_channels
        "stride_2": (1, 3, 32, 32),  # in_channels
        "kernel_5_padding_2": (1, 3, 64, 64),  # in_channels
        "batch_of_16": (16, 3, 64, 64),  # in_channels
        "grayscale": (1, 1, 64, 64),  # in_channels
        "out_channels_16": (1, 3, 64, 64),  # in_channels
        "dilation_2": (1, 3, 62, 62),  # in_channels
        "two_stacked_no_pad": (1, 3, 60, 60),  # in_channels
        "flattened": (1, 12288),  # in_channels
    }
