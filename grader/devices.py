"""Which device grading uses: CUDA if available, else MPS, else CPU; --device overrides."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import platform
import sys
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

# Device nodes without which no accelerator can be reached on Linux: NVIDIA's driver, ROCm's, WSL2's.
ACCELERATOR_NODES = ("/dev/nvidia*", "/dev/kfd", "/dev/dxg")
# What else torch's answer depends on: which devices a process may see, and the driver's version.
VISIBILITY_ENV = ("CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "PYTORCH_ENABLE_MPS_FALLBACK")
NVIDIA_DRIVER = "/proc/driver/nvidia/version"


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


def remembered(requested: str | None, check: bool, memo: dict | None) -> str | None:
    """The device an earlier run resolved with torch, where nothing its answer depends on has changed
    since (memo from remember()); None where torch must be asked. `grader class` uses it so that a
    re-run with nobody to grade does not import torch on a machine with a GPU, or on macOS, and asks
    torch again before it grades anyone (classroom/cli.py)."""
    if "torch" in sys.modules or not isinstance(memo, dict) or memo.get("machine") != machine(requested, check):
        return None
    device = memo.get("device")
    return device if isinstance(device, str) else None


def remember(requested: str | None, check: bool, device: str) -> dict:
    return {"machine": machine(requested, check), "device": device}


def machine(requested: str | None, check: bool) -> str:
    """A hash of what torch's choice of device depends on, read without torch: the system, torch's
    build, the accelerators' device nodes and driver, the variables that hide devices, the request."""
    try:
        torch_build = metadata.version("torch")
    except metadata.PackageNotFoundError:
        torch_build = "-"
    try:
        with open(NVIDIA_DRIVER, encoding="utf-8", errors="replace") as file:
            driver = file.read(4096)
    except OSError:
        driver = ""
    facts = {"platform": sys.platform, "arch": platform.machine(), "macos": platform.mac_ver()[0],
             "torch": torch_build, "nodes": sorted(n for pattern in ACCELERATOR_NODES for n in glob.glob(pattern)),
             "driver": driver, "env": {name: os.environ.get(name) for name in VISIBILITY_ENV},
             "requested": requested, "check": check}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:32]
