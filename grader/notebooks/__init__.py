"""Jupyter notebooks and an nbgrader course from the same exercises, and notebook submissions
for the class grader.

Writing (python -m grader notebooks | course, cli.py):
    chunks     a solution file cut into answer cells, one per top-level definition
    markdown   docstrings as Markdown
    cells      cells with nbgrader's metadata, notebooks as nbformat JSON
    build      one exercise as a notebook: the instructor's (nbgrader source) or the learner's
    course     the course's nbgrader_config.py, README and .gitignore
    generate   every generated file as it should be; stale ones; writing them
Checking from a notebook (the check cell):
    selfcheck  recovers the answer cells from the kernel and grades them in a fresh process
    runner     that process: the grader's report and score as JSON, hidden checks masked
    hidden     where hidden checks are, and their names masked
Grading submitted notebooks (python -m grader class):
    submissions  notebook submissions in nbgrader's layout or plain student folders
    answers      which cells are graded, from a notebook file or a kernel's history
    extract      a notebook's graded code as the exercise file exNN_name.py
    export       grades with the columns of `nbgrader export`
    classroom    the two calls the class grader makes
jupyter_env: Jupyter's and IPython's state kept out of the home folder (tests, benchmark).
"""
