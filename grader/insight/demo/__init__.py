"""A synthetic class for the insight report: the README's screenshot, the speed benchmark, a try-out.

`python -m grader.insight.demo --out DIR` grades a few variant workspaces with the kit's real grader
(`grader check --json`), composes a class of students from them, renders report.html and
similarity.csv, and takes a screenshot with Chromium. Scores, check names, messages and named
mistakes are the grader's own; times, timeouts and the students' code styles are made up (seeded).
"""
