"""Wrong on purpose: every shape in (N, H, W, C) order, as NumPy images are."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {
        "seed_input": (1, 64, 64, 3),  # channels last
        "seed_after_conv": (1, 64, 64, 8),  # channels last
        "seed_after_relu": (1, 64, 64, 8),  # channels last
        "no_padding": (1, 62, 62, 8),  # channels last
        "stride_2": (1, 32, 32, 8),  # channels last
        "kernel_5_padding_2": (1, 64, 64, 8),  # channels last
        "batch_of_16": (16, 64, 64, 8),  # channels last
        "grayscale": (1, 64, 64, 8),  # channels last
        "out_channels_16": (1, 64, 64, 16),  # channels last
        "dilation_2": (1, 62, 62, 8),  # channels last
        "two_stacked_no_pad": (1, 60, 60, 8),  # channels last
        "flattened": (1, 32768),
    }
