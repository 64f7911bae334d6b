"""Wrong on purpose: every conv worked out as if it had no padding."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (1, 3, 64, 64),
        "seed_after_conv": (1, 8, 62, 62),  # padding left out
        "seed_after_relu": (1, 8, 62, 62),  # padding left out
        "no_padding": (1, 8, 62, 62),
        "stride_2": (1, 8, 31, 31),  # padding left out
        "kernel_5_padding_2": (1, 8, 60, 60),  # padding left out
        "batch_of_16": (16, 8, 62, 62),  # padding left out
        "grayscale": (1, 8, 62, 62),  # padding left out
        "out_channels_16": (1, 16, 62, 62),  # padding left out
        "dilation_2": (1, 8, 60, 60),  # padding left out
        "two_stacked_no_pad": (1, 8, 60, 60),
        "flattened": (1, 30752),  # padding left out
    }
