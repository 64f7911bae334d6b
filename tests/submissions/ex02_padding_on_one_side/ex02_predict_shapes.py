"""Wrong on purpose: padding added on one side only: H + p."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (1, 3, 64, 64),
        "seed_after_conv": (1, 8, 63, 63),  # H + p
        "seed_after_relu": (1, 8, 63, 63),  # H + p
        "no_padding": (1, 8, 62, 62),
        "stride_2": (1, 8, 32, 32),
        "kernel_5_padding_2": (1, 8, 62, 62),  # H + p
        "batch_of_16": (16, 8, 63, 63),  # H + p
        "grayscale": (1, 8, 63, 63),  # H + p
        "out_channels_16": (1, 16, 63, 63),  # H + p
        "dilation_2": (1, 8, 61, 61),  # H + p
        "two_stacked_no_pad": (1, 8, 60, 60),
        "flattened": (1, 31752),  # H + p
    }
