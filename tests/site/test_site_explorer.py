"""The output-size explorer on the padding page gives PyTorch's own output sizes, and refuses what PyTorch
refuses, for the same reason: a reader on a phone sets the values, the test reads the answer."""

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text()
EXPLORER_PAGE = "concepts/padding-stride-dilation/"
FIELDS = ["size", "kernel_size", "stride", "padding", "dilation"]

CASES = [  # (H, kernel_size, stride, padding, dilation)
    (64, 3, 1, 1, 1),  # the seed layer
    (64, 3, 1, 0, 1),
    (64, 3, 2, 1, 1),
    (64, 3, 1, 1, 2),
    (64, 4, 2, 1, 1),  # an even kernel
    (8, 3, 2, 0, 1),  # the floor drops a window that would not fit
    (7, 7, 1, 0, 1),  # exactly one window
    (5, 7, 1, 1, 1),  # fits only thanks to the padding
    (64, 65, 1, 1, 1),  # a kernel larger than the image, smaller than the padded image
    (1, 1, 1, 0, 1),
    (227, 11, 4, 0, 1),  # AlexNet's first layer
    (5, 3, 1, 4, 3),  # padding larger than the kernel
    # Refused by PyTorch:
    (5, 7, 1, 0, 1),  # the kernel spans more than the input
    (3, 3, 1, 0, 2),  # the dilated kernel spans more than the input
    (64, 3, 0, 1, 1),
    (64, 3, -2, 1, 1),
    (64, 3, 1, -1, 1),
    (64, 3, 1, 1, 0),
    (64, 0, 1, 1, 1),
    (0, 1, 1, 1, 1),  # an empty input
    (0, 1, 1, 0, 1),  # an empty input, which PyTorch reports as a kernel larger than the input
    (64, 3, 1.5, 1, 1),  # not a whole number
]

# What PyTorch's error says -> the reason the explorer gives for refusing.
REASONS = {
    "non-positive stride": "stride",
    "negative padding": "padding",
    "dilation should be greater than zero": "dilation",
    "kernel size should be greater than zero": "kernel_size",
    "Kernel size can't be greater than actual input size": "kernel-too-large",
    "Only zero batch or zero channel inputs are supported": "input-size",
}


def pytorch_answer(size, kernel_size, stride, padding, dilation) -> int | str:
    """The output width PyTorch computes for this layer and input, or the reason its error gives."""
    x = torch.zeros(1, 1, size, size)  # (N, C_in, H, W)
    weight = torch.zeros(1, 1, kernel_size, kernel_size)  # (C_out, C_in, k, k)
    try:
        return F.conv2d(x, weight, stride=stride, padding=padding, dilation=dilation).shape[-1]
    except TypeError:
        return "whole-numbers"
    except RuntimeError as error:
        [reason] = [reason for message, reason in REASONS.items() if message in str(error)]
        return reason


@pytest.fixture
def explorer(open_page, screens, site_url):
    """The padding page on a phone, scrolled to the explorer."""
    page = open_page(**screens["phone"])
    page.goto(site_url + EXPLORER_PAGE)
    page.locator(".output-size-explorer [data-output-size]").scroll_into_view_if_needed()
    return page


def set_values(page, values) -> None:
    """Type each value into its field, as a reader would."""
    for name, value in zip(FIELDS, values):
        page.fill(f".output-size-explorer input[name={name}]", str(value))


def test_the_explorer_agrees_with_pytorch(explorer):
    answers = [pytorch_answer(*case) for case in CASES]
    assert 0 < sum(isinstance(answer, str) for answer in answers) < len(CASES), "both kinds of case are tested"
    root = explorer.locator(".output-size-explorer")
    for case, expected in zip(CASES, answers):
        set_values(explorer, case)
        shown = root.locator("[data-output-size]").inner_text()
        if isinstance(expected, int):
            assert shown == str(expected), f"{case}: the explorer says {shown}, PyTorch gives {expected}"
            assert root.get_attribute("data-reason") == "" and root.locator(".ose-error").is_hidden()
            tex = root.locator(".ose-formula annotation").text_content()
            assert tex.rstrip().endswith(f"= {expected} \\end{{aligned}}"), f"{case}: the formula ends otherwise"
            drawn = expected if expected <= 8 else 7  # past 8 windows: the first five and the last two
            assert root.locator('svg rect[fill="#ffb74d"]').count() == drawn, f"{case}: the drawing's outputs"
            assert f"the {expected} output" in root.locator(".ose-caption").inner_text()
        else:
            assert shown == "none", f"{case}: PyTorch refuses ({expected}), the explorer says {shown}"
            assert root.get_attribute("data-reason") == expected, f"{case}: refused for another reason"
            assert root.locator(".ose-error").is_visible()
            assert root.locator(".ose-formula").is_hidden() and root.locator("svg.ose-windows").is_hidden()


def test_a_preset_sets_every_field(explorer):
    set_values(explorer, (9, 5, 3, 0, 2))
    explorer.get_by_role("button", name="stride=2").click()
    values = [explorer.locator(f".output-size-explorer input[name={name}]").input_value() for name in FIELDS]
    assert values == ["64", "3", "2", "1", "1"]
    assert explorer.locator("[data-output-size]").inner_text() == str(pytorch_answer(64, 3, 2, 1, 1))


def test_the_explorer_fits_a_phone_with_long_numbers(explorer, screenshot_dir):
    big = (100_000, 11, 4, 2, 3)
    set_values(explorer, big)
    x = torch.zeros(1, 1, big[0], big[0], device="meta")  # meta: the shape without 40 GB of zeros
    weight = torch.zeros(1, 1, big[1], big[1], device="meta")
    expected = F.conv2d(x, weight, stride=big[2], padding=big[3], dilation=big[4]).shape[-1]
    assert explorer.locator("[data-output-size]").inner_text() == str(expected)
    assert explorer.evaluate(LAYOUT_PROBLEMS) == [], "a long formula must scroll in its box, not widen the page"
    set_values(explorer, (8, 3, 2, 0, 1))
    assert explorer.evaluate(LAYOUT_PROBLEMS) == []
    (screenshot_dir / "site").mkdir(exist_ok=True)
    explorer.locator(".output-size-explorer").screenshot(path=screenshot_dir / "site" / "output-size-explorer.png")
