"""The trusted checks: one module per exercise (check_<exercise>.py), plus the shared
helpers they build on (plan.py, submission.py, compare.py)."""
