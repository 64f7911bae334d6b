"""Step 5, report: views of one GradeResult (terminal, JSON, gradebook, Gradescope, feedback)."""
