"""Fixtures of the notebook tests. No __init__.py: like tests/site, this folder is not a package."""

import pytest

from grader.notebooks.build import INSTRUCTOR, LEARNER
from notebook_students import EXERCISE, notebook_of


@pytest.fixture
def learner_notebook() -> dict:
    return notebook_of(EXERCISE, LEARNER)


@pytest.fixture
def instructor_notebook() -> dict:
    return notebook_of(EXERCISE, INSTRUCTOR)
