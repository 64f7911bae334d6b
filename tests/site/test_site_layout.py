"""Every page on a phone (390x844) and a laptop (1280x800): no sideways scrolling, nothing out of reach, no name
broken inside a word. The phone run saves a full-page screenshot of each page for review, in build/screenshots/site/.
"""

from pathlib import Path

import pytest

LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text()


def page_urls(built_site) -> list[str]:
    """The path of every page of the site ("" for the home page), and of the page for a broken link."""
    paths = [html.parent.relative_to(built_site).as_posix() for html in built_site.rglob("index.html")]
    return sorted("" if path == "." else path + "/" for path in paths) + ["404.html"]


def settle(page) -> None:
    """Wait until the math is typeset in its own fonts: only then are widths final."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_no_page_scrolls_sideways_or_loses_a_part(
    screen, screens, open_page, site_url, built_site, pages, screenshot_dir
):
    page = open_page(**screens[screen])
    shots = screenshot_dir / "site"
    shots.mkdir(exist_ok=True)
    urls = page_urls(built_site)
    assert len(urls) == len(pages) + 1, "every page of the nav, and the 404 page, is checked"
    problems = []
    for url in urls:
        page.goto(site_url + url)
        settle(page)
        problems += [f"{url or 'home'} ({screen}): {problem}" for problem in page.evaluate(LAYOUT_PROBLEMS)]
        if screen == "phone":
            name = url.strip("/").removesuffix(".html").replace("/", "--") or "home"
            page.screenshot(path=shots / f"{name}.png", full_page=True)
    assert not problems, "\n".join(problems)


def test_the_layout_check_finds_what_it_looks_for(screens, open_page, site_url):
    """The check above would pass on a page it cannot read; on a page broken on purpose it must complain."""
    page = open_page(**screens["phone"])
    page.goto(site_url + "concepts/convolution-layer/")
    settle(page)
    assert page.evaluate(LAYOUT_PROBLEMS) == [], "the page must start clean for this test to mean anything"
    page.evaluate("""() => {
        const article = document.querySelector("article.md-content__inner");
        const centred = document.createElement("div");  // a centred formula wider than its scroll box
        centred.style = "overflow-x: auto; display: flex; justify-content: center";
        centred.innerHTML = '<span style="white-space: nowrap">' + "wide formula ".repeat(12) + "</span>";
        const name = document.createElement("p");  // a name forced to break mid-word
        name.innerHTML = '<code style="word-break: break-all">self.conv.weight_of_the_seed_layer_in_the_block</code>';
        name.style = "width: 120px";
        article.prepend(centred, name);
    }""")
    found = page.evaluate(LAYOUT_PROBLEMS)
    assert any("before its scroll box can show" in problem for problem in found), found
    assert any("a name in code breaks inside itself" in problem for problem in found), found
    page.evaluate("""() => {
        const wide = document.createElement("div");  // a block wider than the screen
        wide.style = "width: 900px; height: 10px";
        document.querySelector("article.md-content__inner").append(wide);
    }""")
    assert any("off a 390 px screen" in problem for problem in page.evaluate(LAYOUT_PROBLEMS))
