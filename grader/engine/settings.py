"""What a grading run is asked to do (device, exercises, seed, limits), read from a command's options.

Kept apart from engine.py, and free of torch: `grader class` computes its fingerprint from these
settings before it knows whether anyone needs grading, and a re-run that grades nobody never
imports torch (about two seconds) nor starts the fork server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from grader.catalog import load

# Set to 0 to run without per-run namespaces, as on systems (containers) that refuse them: the
# tests use it to prove the sandbox's other walls hold on their own.
NAMESPACES_ENV = "CNN_KIT_NAMESPACES"


@dataclass(frozen=True)
class Settings:
    device: str = "cpu"
    exercises: tuple[str, ...] = ()  # in the catalog's order; empty: all of them
    seed: int | None = None  # None: each exercise's inputs are drawn from a hash of its file
    timeout_s: float = 0.0  # 0: the catalog's limits
    memory_mb: int = 0
    hidden_dir: str | None = None
    namespaces: bool = True  # own network, pid, mount namespaces per run where the system allows

    def resolved(self) -> "Settings":
        catalog = load()
        names = [e.name for e in catalog.exercises]
        chosen = tuple(n for n in names if n in self.exercises) if self.exercises else tuple(names)
        return replace(self, exercises=chosen, timeout_s=self.timeout_s or float(catalog.limits["timeout_s"]),
                       memory_mb=self.memory_mb or int(catalog.limits["memory_mb"]))


def settings_for(args, exercises: tuple[str, ...] = (), check_device: bool = True,
                 device: str | None = None) -> Settings:
    """Settings from a command's options (--device, --seed, --timeout, --memory, --hidden).

    check_device=False: --device is taken as given, for a grader whose workers are elsewhere.
    device: the device already known (devices.remembered), instead of resolving it."""
    from pathlib import Path

    from grader import devices

    hidden = getattr(args, "hidden", None)
    device = device or devices.resolve_name(getattr(args, "device", None), check_device)
    return Settings(device=device, exercises=exercises,
                    seed=getattr(args, "seed", None), timeout_s=getattr(args, "timeout", None) or 0.0,
                    memory_mb=getattr(args, "memory", None) or 0,
                    hidden_dir=str(Path(hidden).resolve()) if hidden else None,
                    namespaces=os.environ.get(NAMESPACES_ENV, "1") != "0")
