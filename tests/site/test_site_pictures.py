"""The pictures script runs, draws the same bytes every time, and its pictures match what the pages say."""

import importlib.util
import subprocess
import sys

import pytest
import torch

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PICTURES = ["feature-maps.png", "kernel-sliding.png", "shape-flow.png"]


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
