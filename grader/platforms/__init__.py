"""Deploying the grader where courses grade: a Gradescope autograder zip, PrairieLearn course files.

Both carry the kit as source (never the learner's exercises/) and grade an upload with the
same Engine as `grader check`, so a file gets the same points everywhere. What they share:

    layout.py     where a platform puts things (/autograder, /grade), under one root variable
    settings.py   the limits a bundle grades under, fitted to the platform's memory and time
    kit_files.py  which files of the kit a bundle carries
    choices.py    the instructor's options (exercises, hidden checks), checked before anything is written
    grading.py    one upload graded: the finished part published as it grows, a deadline kept
    report.py     the text a student reads at the top of the results

Each platform's package holds its bundle writer (bundle.py, the `python -m grader` command),
its results format (results.py), the entry its script runs (grade.py) and its script templates.
"""
