"""Exercise 2: predict tensor shapes before PyTorch tells you."""


def predict_shapes() -> dict[str, tuple[int, ...]]:
    """Return the output shape of each scenario below, as a tuple of ints, keyed by its name.

    Unless a scenario says otherwise: input (1, 3, 64, 64) in (N, C, H, W) layout,
    layer nn.Conv2d(3, 8, kernel_size=3, padding=1), stride 1, dilation 1.

    - "seed_input":          the input tensor itself
    - "seed_after_conv":     after the conv
    - "seed_after_relu":     after the conv, then nn.ReLU()
    - "no_padding":          padding=0
    - "stride_2":            stride=2
    - "kernel_5_padding_2":  kernel_size=5, padding=2
    - "batch_of_16":         an input batch of 16 images
    - "grayscale":           a 1-channel input (1, 1, 64, 64), conv nn.Conv2d(1, 8, 3, padding=1)
    - "out_channels_16":     nn.Conv2d(3, 16, 3, padding=1)
    - "dilation_2":          dilation=2 (padding stays 1)
    - "two_stacked_no_pad":  two convs with padding=0 in a row, 3 -> 8 -> 8 channels
    - "flattened":           the seed's ReLU output flattened per image: nn.Flatten()

    Answer as plain data, worked out by hand as in an interview.
    Forbidden: importing torch (running PyTorch would answer for you).
    """
    ### BEGIN SOLUTION
    # H_out = floor((H + 2p - d(k - 1) - 1) / s) + 1; N passes through, C becomes out_channels.
    return {
        "seed_input": (1, 3, 64, 64),
        "seed_after_conv": (1, 8, 64, 64),
        "seed_after_relu": (1, 8, 64, 64),  # ReLU is element-wise: no shape change
        "no_padding": (1, 8, 62, 62),  # each side loses k // 2 = 1 pixel
        "stride_2": (1, 8, 32, 32),  # floor((64 + 2 - 3) / 2) + 1
        "kernel_5_padding_2": (1, 8, 64, 64),  # p = k // 2 keeps the size for odd k
        "batch_of_16": (16, 8, 64, 64),
        "grayscale": (1, 8, 64, 64),
        "out_channels_16": (1, 16, 64, 64),
        "dilation_2": (1, 8, 62, 62),  # the dilated 3x3 kernel spans 5 pixels
        "two_stacked_no_pad": (1, 8, 60, 60),
        "flattened": (1, 32768),  # 8 * 64 * 64
    }
    ### END SOLUTION
