"""The plain-data records the report is built from: one per student, as the class result store hands
them out (JSON-serialisable dicts). Typed here so the contract is written down once."""

from __future__ import annotations

from typing import Literal, TypedDict

Status = Literal["graded", "timeout", "memory", "error", "infra_error", "not graded"]


class TestRecord(TypedDict):
    name: str
    status: Literal["passed", "failed", "error"]
    score: float
    max_score: float
    message: str
    mistake: str | None  # the named mistake the grader diagnosed ("padding missing"), if any
    hidden: bool


class ExerciseRecord(TypedDict):
    name: str  # a catalog exercise; others are ignored
    title: str
    status: Status
    score: float
    max_score: float
    seconds: float  # the student's code in the sandbox
    check_seconds: float  # the grader's own checks
    output: str
    tests: list[TestRecord]


class Record(TypedDict):
    student: str  # any string: escaped wherever it is shown
    submission: str  # sha256 of the submission's files
    status: Status  # not graded and infra_error never count as a 0
    score: float | None  # None when not graded or infra_error
    max_score: float
    device: str
    seconds: float
    exercises: list[ExerciseRecord]
    extra_files: list[str]
