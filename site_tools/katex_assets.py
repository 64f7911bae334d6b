"""Where the site's KaTeX comes from: an npm install into the git-ignored build/ folder.

Run once at set-up (it is a no-op when KaTeX is already there):
    python site_tools/katex_assets.py
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

KATEX_VERSION = "0.19.1"
REPO_ROOT = Path(__file__).resolve().parent.parent
NPM_PREFIX = REPO_ROOT / "build" / "npm"
KATEX_DIST = NPM_PREFIX / "node_modules" / "katex" / "dist"

# The files the pages load; the CSS pulls the fonts from fonts/ beside it.
KATEX_FILES = ["katex.min.js", "katex.min.css", "contrib/auto-render.min.js"]


def installed_version() -> str | None:
    """The version of the KaTeX under build/npm, or None when there is none."""
    package_json = KATEX_DIST.parent / "package.json"
    if not package_json.is_file():
        return None
    return json.loads(package_json.read_text())["version"]


def install() -> None:
    """Install the pinned KaTeX with npm unless it is already there."""
    if installed_version() == KATEX_VERSION:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is missing: install Node.js and npm (e.g. apt-get install -y npm), then run this again.")
    NPM_PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(NPM_PREFIX), "--no-save", "--no-package-lock",
         "--no-audit", "--no-fund", f"katex@{KATEX_VERSION}"],
        check=True,
    )


def asset_paths() -> dict[str, Path]:
    """Map each KaTeX file the site serves (path under katex/) to its file on disk."""
    if installed_version() != KATEX_VERSION:
        raise FileNotFoundError(
            f"KaTeX {KATEX_VERSION} is not installed under {NPM_PREFIX}: "
            "run `python site_tools/katex_assets.py` (needs npm) and build again."
        )
    paths = {name: KATEX_DIST / name for name in KATEX_FILES}
    for font in sorted((KATEX_DIST / "fonts").iterdir()):
        paths[f"fonts/{font.name}"] = font
    return paths


if __name__ == "__main__":
    install()
    print(f"KaTeX {installed_version()} is in {KATEX_DIST}")
