"""The learner's commands: check, watch, status, reset, solution."""
