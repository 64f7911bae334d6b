"""What one sandboxed child is asked to do: every unit of a submission, with its inputs.

A unit is one check module's work on one exercise file: the operations its plan() asks
for, with inputs drawn from a seed. Without --seed the seed is a hash of the exercise's
own file, so the same file always meets the same inputs (the same verdict), and any edit
meets new ones (hard-coded answers still fail).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch

from grader.catalog import load
from grader.checks.plan import Draw, Op
from grader.engine.suite import CheckModule
from grader.sandbox import protocol
from grader.submission import Submission


@dataclass
class Unit:
    module: CheckModule
    ops: list[Op]

    @property
    def exercise(self) -> str:
        return self.module.exercise


def units_for(submission: Submission, modules: list[CheckModule], seed: int | None) -> list[Unit]:
    """The units to run: every check module of an exercise whose file can be graded."""
    units = []
    for module in modules:
        if module.exercise in submission.problems or f"{module.exercise}.py" not in submission.files:
            continue
        material = seed if seed is not None else submission.seed_material(module.exercise)
        units.append(Unit(module, module.plan(Draw(material, module.key))))
    return units


def encode(units: list[Unit], files: dict[str, str], settings) -> tuple[dict, bytes]:
    """(request, inputs blob) for the fork server: JSON for structure, safetensors for tensors."""
    catalog = load()
    tensors: dict[str, torch.Tensor] = {}
    nodes: dict[str, dict] = {}
    specs = []
    for index, unit in enumerate(units):
        nodes[str(index)] = {op.id: _op_inputs(op, tensors) for op in unit.ops}
        specs.append({
            "module": unit.exercise,
            "forbidden": list(catalog.get(unit.exercise).forbidden),
            "ops": [{"id": op.id, "op": op.kind, "name": op.name, "report_args": op.report_args,
                     "report_values": op.report_values} for op in unit.ops],
        })
    request = {
        "files": files,
        "units": specs,
        "device": settings.device,
        "memory_mb": settings.memory_mb,
        "timeout_s": settings.timeout_s,
        "drop_privileges": os.geteuid() == 0,
        "namespaces": settings.namespaces,
        "scratch_mb": int(catalog.limits["scratch_mb"]),
        "scratch_files": int(catalog.limits["scratch_files"]),
    }
    return request, protocol.pack(nodes, tensors)


def _op_inputs(op: Op, tensors: dict[str, torch.Tensor]) -> dict:
    def each(values) -> list:
        return [protocol.encode(v, tensors) for v in values]

    return {
        "args": each(op.args),
        "kwargs": {k: protocol.encode(v, tensors) for k, v in op.kwargs.items()},
        "load_state": None if op.load_state is None else {k: protocol.encode(v, tensors) for k, v in op.load_state.items()},
        "assign_by_shape": each(op.assign_by_shape) if op.assign_by_shape else None,
        "inputs": each(op.inputs),
        "grad_outputs": each(op.grad_outputs),
    }
