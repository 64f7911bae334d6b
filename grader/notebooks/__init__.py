"""Jupyter notebooks and an nbgrader course from the same exercises, and the class grader's
way into notebook submissions. See cli.py for the commands, build.py for a notebook's layout."""
