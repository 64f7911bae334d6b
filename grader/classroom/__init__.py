"""Instructor-side grading of a whole class: python -m grader class SUBMISSIONS --out OUT."""
