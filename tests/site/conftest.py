"""Fixtures of the site's tests: the pages' sources, one strict build per session (from a copy of the kit whose
exercises/ are solved), a local server, a browser and the screens it emulates.

No __init__.py here on purpose: a package named `site` would shadow Python's own `site` module.
"""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "site"
SCREENSHOTS = REPO_ROOT / "build" / "screenshots"  # git-ignored


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def pages() -> dict[str, str]:
    """Every Markdown page of the site by its path under site/, shared includes left out."""
    return {
        path.relative_to(DOCS_DIR).as_posix(): path.read_text()
        for path in sorted(DOCS_DIR.rglob("*.md"))
        if "includes" not in path.parts
    }


@pytest.fixture(scope="session")
def catalog() -> list[dict]:
    """The exercises of grader/catalog.toml, in learning order."""
    with (REPO_ROOT / "grader" / "catalog.toml").open("rb") as file:
        return tomllib.load(file)["exercise"]


# Left out of the kit's copy: git's data, the environment, the learner's workspace, and the top-level folders
# .gitignore names (/build/, /out/, ...), which hold what the kit makes, not what it is made from.
GITIGNORED_FOLDERS = {line.strip("/") for line in (REPO_ROOT / ".gitignore").read_text().split()
                      if line.startswith("/") and line.endswith("/")}
NOT_COPIED = {".git", ".venv", ".pytest_cache", "exercises"} | GITIGNORED_FOLDERS


@pytest.fixture(scope="session")
def solved_kit(tmp_path_factory) -> Path:
    """A copy of the kit as a learner has it after solving everything: exercises/ holds the solutions.

    The site is built from this copy, so every site test also proves that the pages never show what is in
    exercises/ (the repository's own exercises/ is never touched). KaTeX is linked in from build/npm.
    """
    kit = tmp_path_factory.mktemp("kit") / "kit"

    def left_out(folder: str, names: list[str]) -> set[str]:
        top_level = Path(folder) == REPO_ROOT
        return {n for n in names if n == "__pycache__" or n.endswith(".egg-info") or (top_level and n in NOT_COPIED)}

    shutil.copytree(REPO_ROOT, kit, ignore=left_out)
    shutil.copytree(REPO_ROOT / "solutions", kit / "exercises")
    (kit / "build").mkdir()
    (kit / "build" / "npm").symlink_to(REPO_ROOT / "build" / "npm")
    return kit


@pytest.fixture(scope="session")
def built_site(solved_kit, tmp_path_factory) -> Path:
    """The site built once per session with `mkdocs build --strict` from the solved kit, into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",  # the theme's end-of-life banner is not a build problem
        "SITE_PICTURES_DIR": str(tmp_path_factory.mktemp("pictures")),  # drawn afresh, not taken from build/
    }
    # `python -m` from the copy's root: its grader/ comes first on sys.path, so the hooks use the copy's kit.
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=solved_kit, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        """Keep the test output clean."""


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1 at a free port, for the session."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def requests_seen() -> list[str]:
    """Every URL any page of the browser tests requested, in order."""
    return []


@pytest.fixture(scope="session")
def outside_requests() -> list[str]:
    """The requested URLs that would have left the machine (they are blocked, and should not exist)."""
    return []


@pytest.fixture(scope="session")
def screens() -> dict[str, dict]:
    """The two screens every page must suit, as browser-context options: a phone held upright, and a laptop."""
    return {
        "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
        "desktop": {"viewport": {"width": 1280, "height": 800}},
    }


@pytest.fixture
def open_page(browser, requests_seen, outside_requests):
    """Opens fresh pages (each in its own browser context, with the given screen options) that record every
    request they make and block any that would leave the machine."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        page = context.new_page()

        def record(request):
            requests_seen.append(request.url)
            if not is_local(request.url):
                outside_requests.append(request.url)

        page.on("request", record)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A fresh desktop-sized page that records its requests and blocks those that would leave the machine."""
    return open_page(viewport={"width": 1280, "height": 900})


def is_local(url: str) -> bool:
    """True for URLs served by this machine (and for inline data: and blob: URLs)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
