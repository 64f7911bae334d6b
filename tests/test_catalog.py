"""The catalog: every exercise has its three files, points, hints, and forbidden names that exist."""

from __future__ import annotations

import importlib

import pytest

from grader.catalog import load
from grader import derived_files
from grader.paths import CHECKS, KIT_ROOT, SOLUTIONS

EXERCISES_OF_CATALOG = load().exercises
NAMES = [e.name for e in EXERCISES_OF_CATALOG]


def resolve(dotted: str) -> object:
    """The object a dotted name such as torch.nn.functional.conv2d names; AttributeError if there is none."""
    parts = dotted.split(".")
    assert parts[0] == "torch", f"{dotted}: forbidden names are torch names"
    obj = importlib.import_module("torch")
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def test_names_are_unique_and_numbered_in_order():
    assert len(set(NAMES)) == len(NAMES)
    assert [n.split("_")[0] for n in NAMES] == [f"ex{i:02d}" for i in range(1, len(NAMES) + 1)]


@pytest.mark.parametrize("exercise", EXERCISES_OF_CATALOG, ids=NAMES)
def test_exercise_has_a_solution_a_stub_and_a_check_module(exercise):
    assert (SOLUTIONS / f"{exercise.name}.py").is_file()
    assert f"exercises/{exercise.name}.py" in derived_files.record(), "derive has never written its stub"
    check = CHECKS / f"check_{exercise.name}.py"
    assert check.is_file()
    module = importlib.import_module(f"grader.checks.check_{exercise.name}")
    assert module.EXERCISE == exercise.name
    assert any(name.startswith("test_") for name in vars(module)), f"{check.name} defines no checks"


def test_no_file_without_a_catalog_entry():
    for folder, pattern, prefix in ((SOLUTIONS, "ex*.py", ""), (CHECKS, "check_*.py", "check_")):
        orphans = sorted(p.name for p in folder.glob(pattern) if p.stem.removeprefix(prefix) not in NAMES)
        assert not orphans, f"{folder.name}/ has files the catalog does not list: {orphans}"
    stubs = sorted(k for k in derived_files.record() if k.startswith("exercises/"))
    assert stubs == sorted(f"exercises/{n}.py" for n in NAMES), "the stubs derive wrote and the catalog disagree"
    assert all((KIT_ROOT / k).parent.is_dir() for k in stubs)


@pytest.mark.parametrize("exercise", EXERCISES_OF_CATALOG, ids=NAMES)
def test_points_are_positive_and_hints_given(exercise):
    assert exercise.points > 0
    assert exercise.title.strip() and exercise.summary.strip()
    assert exercise.hints, f"{exercise.name} has no hints"
    assert all(type(h) is str and h.strip() for h in exercise.hints)


@pytest.mark.parametrize("exercise", EXERCISES_OF_CATALOG, ids=NAMES)
def test_every_forbidden_name_is_a_real_torch_attribute(exercise):
    for dotted in exercise.forbidden:
        assert callable(resolve(dotted)), f"{exercise.name}: {dotted} is not callable"


def test_resolve_rejects_a_misspelt_name():
    with pytest.raises(AttributeError):
        resolve("torch.nn.functional.conv2dd")
    with pytest.raises(AttributeError):
        resolve("torch.Tensor.rellu")
