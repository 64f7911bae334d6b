"""The instructor's class insight: report.html (where the class is stuck) and a similarity triage.

Built from plain result records (one dict per student, as the class result store hands them out), so
`grader class` and `grader report OUT` render the same page from the same data. Entry points:
`report.render`/`report.write`, `similarity.find_similar`/`similarity.write_csv`, and `outputs.write_all`,
which writes both files into OUT.
"""
