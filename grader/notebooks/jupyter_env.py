"""An environment in which Jupyter, nbgrader and IPython keep their state (and their temporary
folders) in one folder.

Without it they read and write ~/.jupyter, ~/.local/share/jupyter and ~/.ipython: the kit's
tests and benchmark run Jupyter in this environment so the user's home stays untouched and
the user's own Jupyter configuration cannot change a result.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Where each kind of state goes, under the state folder.
STATE_VARIABLES = {
    "JUPYTER_CONFIG_DIR": "config",
    "JUPYTER_DATA_DIR": "data",
    "JUPYTER_RUNTIME_DIR": "runtime",
    "IPYTHONDIR": "ipython",
}
HOME_PATHS = (".jupyter", ".ipython", ".local/share/jupyter", ".config/jupyter", ".cache/jupyter")


def isolated_env(state: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of the environment (os.environ by default) with every Jupyter state path under `state`."""
    env = dict(os.environ if base is None else base)
    for name, sub in STATE_VARIABLES.items():
        path = state / sub
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    # nbgrader runs helper programs (alembic) by name: find them beside this Python, as in an active venv.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["JUPYTER_PLATFORM_DIRS"] = "1"  # the platformdirs layout, so no migration of old paths is tried
    env["JUPYTER_NO_CONFIG"] = "1"  # the user's own Jupyter configuration cannot change a grade
    # ...for which jupyter_core makes a temporary folder per process and never removes it: keep them here.
    (state / "tmp").mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(state / "tmp")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger otherwise warns on stderr
    return env


def home_state(home: Path | None = None) -> dict[str, bool]:
    """Which of Jupyter's and IPython's usual home paths exist: compare before and after a run."""
    home = home or Path.home()
    return {path: (home / path).exists() for path in HOME_PATHS}
