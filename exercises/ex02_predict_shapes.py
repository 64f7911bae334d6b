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
    raise NotImplementedError("predict_shapes: not written yet. Read its docstring, then run: .venv/bin/python -m grader check ex02")
