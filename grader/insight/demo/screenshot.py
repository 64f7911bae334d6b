"""Screenshots of a report in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The same launch as the site's browser tests: no sandbox (root in containers), no GPU, no background
network; every request that would leave the machine is refused, so a screenshot proves the page is
whole offline.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def take(html: Path, png: Path, width: int = 1280, height: int = 800, full_page: bool = False) -> Path:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: apt-get install chromium (make setup-test does)")
    png.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
            page = context.new_page()
            page.goto(Path(html).resolve().as_uri())
            page.screenshot(path=str(png), full_page=full_page)
        finally:
            browser.close()
    return png
