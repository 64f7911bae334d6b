"""PrairieLearn: course files (the external grader in serverFilesCourse, a question per exercise) and an image."""
