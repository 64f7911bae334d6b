"""Gradescope: an autograder zip (setup.sh, run_autograder, the kit) and the entry run_autograder runs."""
