"""Which device grades: CUDA, then MPS, then CPU; --device overrides; each device's tolerance.

No GPU or Mac is available to this kit's checks, so CUDA and MPS are faked here by
replacing torch's own questions (torch.cuda.is_available, torch.backends.mps.is_available):
what is tested is the kit's choice and its tolerances, never a real GPU's numerics.
"""

from __future__ import annotations

import argparse

import pytest
import torch

from grader import devices
from grader.catalog import load
from grader.checks.compare import scaled_tolerance


@pytest.fixture
def present(monkeypatch):
    """present(cuda=..., mps=...): fake which accelerators this machine has."""
    def fake(cuda: bool = False, mps: bool = False) -> None:
        monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    return fake


@pytest.mark.parametrize("cuda, mps, chosen", [
    (True, True, "cuda"), (True, False, "cuda"), (False, True, "mps"), (False, False, "cpu"),
])
def test_the_best_device_present_is_chosen(present, cuda, mps, chosen):
    present(cuda=cuda, mps=mps)
    assert devices.resolve(None) == torch.device(chosen)


@pytest.mark.parametrize("requested", ["cpu", "mps", "cuda", "cuda:1"])
def test_device_overrides_the_choice(present, requested):
    present(cuda=True, mps=True)
    assert devices.resolve(requested) == torch.device(requested)


@pytest.mark.parametrize("requested, name", [("cuda", "CUDA"), ("mps", "MPS")])
def test_a_device_that_is_absent_is_refused_with_a_clear_error(present, requested, name):
    present(cuda=False, mps=False)
    with pytest.raises(ValueError, match=f"--device {requested}: {name} is not available on this machine"):
        devices.resolve(requested)
    assert devices.resolve(requested, check=False) == torch.device(requested)  # a Dask worker checks it


def test_the_command_line_settings_use_the_chosen_device(present):
    from grader.engine.engine import settings_for

    present(cuda=False, mps=True)
    assert settings_for(argparse.Namespace()).device == "mps"
    assert settings_for(argparse.Namespace(device="cpu")).device == "cpu"


def test_each_device_has_its_stated_tolerance():
    catalog = load()
    assert catalog.tolerance("cpu") == {"rtol": 1e-5, "atol": 1e-5}
    assert catalog.tolerance("mps") == {"rtol": 1e-4, "atol": 1e-4}
    assert catalog.tolerance("cuda") == {"rtol": 2e-3, "atol": 2e-3}  # cuDNN's TF32
    assert catalog.tolerance("xpu") == catalog.tolerance("cpu")  # a device the catalog does not name


@pytest.mark.parametrize("device, passes", [("cpu", False), ("mps", False), ("cuda", True)])
def test_a_tf32_sized_difference_passes_on_cuda_only(device, passes):
    expected = torch.linspace(-4, 4, 64)
    got = expected + 5e-3  # what TF32 rounding can do to a sum of 27 products of magnitude 4
    tol = scaled_tolerance(device, expected)
    assert tol["atol"] == load().tolerance(device)["atol"] * 4  # atol scales with the largest value
    assert bool(torch.isclose(got, expected, **tol).all()) is passes


def test_a_cpu_rounding_difference_passes_everywhere():
    expected = torch.linspace(-4, 4, 64)
    got = expected * (1 + 1e-6)
    for device in ("cpu", "mps", "cuda"):
        assert bool(torch.isclose(got, expected, **scaled_tolerance(device, expected)).all()), device
