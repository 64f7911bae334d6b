"""Wrong on purpose: padding=1 of the seed layer kept in every scenario."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (1, 3, 64, 64),
        "seed_after_conv": (1, 8, 64, 64),
        "seed_after_relu": (1, 8, 64, 64),
        "no_padding": (1, 8, 64, 64),  # padding 1
        "stride_2": (1, 8, 32, 32),
        "kernel_5_padding_2": (1, 8, 62, 62),  # padding 1
        "batch_of_16": (16, 8, 64, 64),
        "grayscale": (1, 8, 64, 64),
        "out_channels_16": (1, 16, 64, 64),
        "dilation_2": (1, 8, 62, 62),
        "two_stacked_no_pad": (1, 8, 64, 64),  # padding 1
        "flattened": (1, 32768),
    }
