"""Wrong on purpose: the size formula without its + 1."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (1, 3, 64, 64),
        "seed_after_conv": (1, 8, 63, 63),  # no + 1
        "seed_after_relu": (1, 8, 63, 63),  # no + 1
        "no_padding": (1, 8, 61, 61),  # no + 1
        "stride_2": (1, 8, 31, 31),  # no + 1
        "kernel_5_padding_2": (1, 8, 63, 63),  # no + 1
        "batch_of_16": (16, 8, 63, 63),  # no + 1
        "grayscale": (1, 8, 63, 63),  # no + 1
        "out_channels_16": (1, 16, 63, 63),  # no + 1
        "dilation_2": (1, 8, 61, 61),  # no + 1
        "two_stacked_no_pad": (1, 8, 58, 58),  # no + 1
        "flattened": (1, 31752),  # no + 1
    }
