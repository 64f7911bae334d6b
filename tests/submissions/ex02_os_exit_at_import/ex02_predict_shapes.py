"""Wrong on purpose: ends the process at import with os._exit, skipping every handler."""

import os

os._exit(0)


def predict_shapes() -> dict[str, tuple[int, ...]]:
    return {"seed_input": (1, 3, 64, 64)}
