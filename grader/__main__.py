"""python -m grader: see grader/cli.py."""

from grader.cli import main

if __name__ == "__main__":  # the fork server imports this module again; it must do nothing then
    raise SystemExit(main())
