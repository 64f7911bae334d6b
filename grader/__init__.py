"""The kit's grader: a pytest plugin with a command-line front (python -m grader)."""
