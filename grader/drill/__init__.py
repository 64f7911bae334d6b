"""Interview drills: generated questions with PyTorch as the oracle, spaced repetition, a mock interview."""
