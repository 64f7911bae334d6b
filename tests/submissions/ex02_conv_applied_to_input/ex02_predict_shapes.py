"""Wrong on purpose: the input's shape taken after the conv."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (1, 8, 64, 64),  # after the conv
        "seed_after_conv": (1, 8, 64, 64),
        "seed_after_relu": (1, 8, 64, 64),
        "no_padding": (1, 8, 62, 62),
        "stride_2": (1, 8, 32, 32),
        "kernel_5_padding_2": (1, 8, 64, 64),
        "batch_of_16": (16, 8, 64, 64),
        "grayscale": (1, 8, 64, 64),
        "out_channels_16": (1, 16, 64, 64),
        "dilation_2": (1, 8, 62, 62),
        "two_stacked_no_pad": (1, 8, 60, 60),
        "flattened": (1, 32768),
    }
