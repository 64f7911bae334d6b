"""Which device grading uses: CUDA if available, else MPS, else CPU; --device overrides."""

from __future__ import annotations

import torch


def resolve(requested: str | None, check: bool = True) -> torch.device:
    """The device to grade on; check=False takes a requested one without asking whether it is here."""
    if requested:
        device = torch.device(requested)
        if not check:
            return device
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"--device {requested}: CUDA is not available on this machine")
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise ValueError(f"--device {requested}: MPS is not available on this machine")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")
