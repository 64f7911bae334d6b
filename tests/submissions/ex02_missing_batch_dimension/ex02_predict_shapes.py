"""Wrong on purpose: every shape leaves out N, the batch dimension."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (3, 64, 64),
        "seed_after_conv": (8, 64, 64),
        "seed_after_relu": (8, 64, 64),
        "no_padding": (8, 62, 62),
        "stride_2": (8, 32, 32),
        "kernel_5_padding_2": (8, 64, 64),
        "batch_of_16": (16, 8, 64, 64),  # the one scenario that names its batch
        "grayscale": (8, 64, 64),
        "out_channels_16": (16, 64, 64),
        "dilation_2": (8, 62, 62),
        "two_stacked_no_pad": (8, 60, 60),
        "flattened": (32768,),
    }
