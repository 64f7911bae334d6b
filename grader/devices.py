"""Which device grading uses: CUDA if available, else MPS, else CPU; --device overrides."""

from __future__ import annotations

import glob
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

# Device nodes without which no accelerator can be reached on Linux: NVIDIA's driver, ROCm's, WSL2's.
ACCELERATOR_NODES = ("/dev/nvidia*", "/dev/kfd", "/dev/dxg")


def resolve(requested: str | None, check: bool = True) -> "torch.device":
    """The device to grade on; check=False takes a requested one without asking whether it is here."""
    import torch

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


def resolve_name(requested: str | None, check: bool = True) -> str:
    """resolve()'s answer as a name, without importing torch (a second or two) where the answer is
    certain without it: --device cpu, or no device asked for on a Linux machine with no accelerator's
    device node. Once torch is loaded, it is asked, as resolve() does."""
    if "torch" not in sys.modules and (requested == "cpu" or (not requested and not accelerator_possible())):
        return "cpu"
    return str(resolve(requested, check))


def accelerator_possible() -> bool:
    """False only where torch could find no CUDA (nor ROCm) device and no MPS: Linux with none of their nodes."""
    return not sys.platform.startswith("linux") or any(glob.glob(pattern) for pattern in ACCELERATOR_NODES)
