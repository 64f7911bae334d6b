"""The trust boundary. Everything in this package except runner.py, tripwires.py and
confine.py runs in the grader; those three run inside the untrusted child process."""
