"""MkDocs hook: draw the pictures with site_tools/pictures.py at build time and add them to the site.

The PNGs go to the git-ignored build/pictures (or $SITE_PICTURES_DIR, which the tests point at a fresh
folder) and are redrawn only when the script, or the ex07 solution whose numbers they show, changed, so
`mkdocs serve` stays quick on rebuilds.
"""

import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SCRIPT = Path(__file__).resolve().parent / "pictures.py"
SOURCES = [SCRIPT, SCRIPT.parent.parent / "solutions" / "ex07_conv2d_loops.py"]  # what the pictures come from
PICTURES_DIR = Path(os.environ.get("SITE_PICTURES_DIR", SCRIPT.parent.parent / "build" / "pictures"))


def is_stale() -> bool:
    """True when there are no pictures yet or they are older than what they are drawn from."""
    paths = list(PICTURES_DIR.glob("*.png"))
    newest_source = max(source.stat().st_mtime for source in SOURCES)
    return not paths or min(path.stat().st_mtime for path in paths) < newest_source


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Draw the pictures if needed (in a child process: torch stays out of MkDocs) and add them under pictures/."""
    if is_stale():
        done = subprocess.run([sys.executable, str(SCRIPT), str(PICTURES_DIR)], capture_output=True, text=True)
        if done.returncode != 0:
            raise PluginError(f"{SCRIPT.name} failed:\n{done.stderr}")
    for path in sorted(PICTURES_DIR.glob("*.png")):
        files.append(File.generated(config, f"pictures/{path.name}", abs_src_path=str(path)))
    return files
