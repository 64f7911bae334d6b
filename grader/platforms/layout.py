"""Where each platform puts the grader's files, the student's upload and the results.

The platforms fix these paths (/autograder on Gradescope, /grade on PrairieLearn). One
environment variable moves them all under another root, for trying a bundle on a machine
where those folders are taken or not writable; the generated scripts honour it too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT_VARIABLE = "CNN_KIT_PLATFORM_ROOT"  # unset or empty: the real paths
SETTINGS_FILE = "grading.json"  # the bundle's settings, beside the kit it carries
RESULTS_FILE = "results.json"


def root() -> Path:
    return Path(os.environ.get(ROOT_VARIABLE) or "/")


@dataclass(frozen=True)
class Gradescope:
    """/autograder: source/ (the zip, unpacked), submission/, results/, the metadata file."""

    home: Path

    @property
    def source(self) -> Path:
        return self.home / "source"

    @property
    def venv(self) -> Path:  # made by setup.sh; outside source/, which only root may read
        return self.home / "venv"

    @property
    def submission(self) -> Path:
        return self.home / "submission"

    @property
    def metadata(self) -> Path:
        return self.home / "submission_metadata.json"

    @property
    def results(self) -> Path:
        return self.home / "results" / RESULTS_FILE


@dataclass(frozen=True)
class PrairieLearn:
    """/grade: serverFilesCourse/cnn_kit (the kit), tests/ (the question's), student/, data/, results/."""

    home: Path

    @property
    def kit_files(self) -> Path:
        return self.home / "serverFilesCourse" / "cnn_kit"

    @property
    def tests(self) -> Path:
        return self.home / "tests"

    @property
    def student(self) -> Path:
        return self.home / "student"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def results(self) -> Path:
        return self.home / "results" / RESULTS_FILE


def gradescope() -> Gradescope:
    return Gradescope(root() / "autograder")


def prairielearn() -> PrairieLearn:
    return PrairieLearn(root() / "grade")
