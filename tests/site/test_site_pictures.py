"""The pictures script runs, draws the same bytes every time, and its pictures show numbers PyTorch computes,
in text a phone can show."""

import importlib.util
import subprocess
import sys

import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from grader.reference import reference

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PICTURES = ["feature-maps.png", "kernel-sliding.png", "padding-stride-dilation.png", "shape-flow.png"]
PHONE_COLUMN_PX = 390 - 2 * 16  # Material's content column on a 390 px phone: 0.8rem of margin each side


@pytest.fixture(scope="module")
def pictures_module(repo_root):
    """site_tools/pictures.py imported by path: it is a script, not a package module."""
    spec = importlib.util.spec_from_file_location("pictures", repo_root / "site_tools" / "pictures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_draws_every_picture_reproducibly(repo_root, built_site, tmp_path):
    subprocess.run([sys.executable, str(repo_root / "site_tools" / "pictures.py"), str(tmp_path)], check=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == PICTURES
    for name in PICTURES:
        drawn = (tmp_path / name).read_bytes()
        assert drawn.startswith(PNG_SIGNATURE) and len(drawn) > 10_000, f"{name} is not a picture"
        # The site was built by another run of the same script: same seed, same bytes.
        assert drawn == (built_site / "pictures" / name).read_bytes(), f"{name} differs between two runs"


def test_every_picture_is_shown_on_a_page(pages):
    for name in PICTURES:
        assert any(f"pictures/{name})" in text for text in pages.values()), f"no page shows {name}"


def test_the_synthetic_image_is_a_seed_input(pictures_module):
    image = pictures_module.synthetic_image()
    assert image.shape == (1, 3, 64, 64) and image.dtype == torch.float32
    assert 0 <= image.min() and image.max() <= 1


def test_the_relu_page_describes_the_feature_maps_it_shows(pictures_module, pages):
    with torch.no_grad():
        after_relu = torch.relu(pictures_module.seed_layer()(pictures_module.synthetic_image()))  # (1, 8, 64, 64)
    zero_share = (after_relu[0] == 0).flatten(1).float().mean(dim=1)  # (8,)
    nearly_dead = int((zero_share > 0.99).sum())
    assert nearly_dead == 2 and "Two\nchannels are more than 99% zero on this image" in pages["concepts/relu.md"]


def test_every_picture_keeps_its_text_readable_across_a_phone(built_site, pictures_module):
    for name in PICTURES:
        with Image.open(built_site / "pictures" / name) as image:
            smallest = float(image.text[pictures_module.SMALLEST_TEXT_KEY]) * PHONE_COLUMN_PX / image.width
        assert smallest >= 12, f"{name}: its smallest text is {smallest:.1f} px across a phone's column"


def test_the_kernel_sliding_example_shows_an_unflipped_asymmetric_kernel(pictures_module):
    example = pictures_module.kernel_sliding_example()
    kernel, image, output = example["kernel"], example["image"], example["output"]  # (3, 3), (5, 5), (5, 5)
    assert not torch.equal(kernel, kernel.flip(0, 1)), "a symmetric kernel cannot show that Conv2d does not flip"
    x, w = image.view(1, 1, 5, 5), kernel.view(1, 1, 3, 3)
    assert torch.equal(output, reference("ex07_conv2d_loops").conv2d_loops(x, w, padding=1)[0, 0])
    assert torch.equal(output, F.conv2d(x, w, padding=1)[0, 0]), "the picture's output is not PyTorch's"
    i, j = example["position"]
    assert (example["window"] * kernel).sum() == output[i, j], "the step-by-step sum is not the output shown"
    assert example["flipped value"] == F.conv2d(x, w.flip(-2, -1), padding=1)[0, 0, i, j] != output[i, j]


@pytest.mark.parametrize("size", [1, 5, 8, 9, 64])
@pytest.mark.parametrize("kernel_size, stride, padding, dilation", [
    (3, 1, 1, 1), (3, 1, 0, 1), (3, 2, 1, 1), (3, 1, 1, 2), (4, 2, 1, 1), (1, 3, 0, 1), (5, 3, 2, 2),
])
def test_the_drawn_windows_are_as_many_as_pytorch_outputs(
    pictures_module, size, kernel_size, stride, padding, dilation
):
    taps = pictures_module.windows(size, kernel_size, stride, padding, dilation)
    layer = nn.Conv2d(1, 1, kernel_size, stride=stride, padding=padding, dilation=dilation)
    try:
        expected = layer(torch.zeros(1, 1, size, size)).shape[-1]  # (1, 1, H_out, W_out)
    except RuntimeError:  # the kernel spans more than the padded input: PyTorch refuses
        expected = 0
    assert len(taps) == expected
    assert all(0 <= tap < size + 2 * padding for window in taps for tap in window)
