"""Every page on a phone (390x844) and a laptop (1280x800): no sideways scrolling, nothing out of reach, no name
broken inside a word, no text in a picture under 12 px, and no request that leaves the machine. The phone run
saves a full-page screenshot of each page for review, in build/screenshots/site/.
"""

from pathlib import Path

import pytest
from PIL import Image

LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text()
SMALLEST_TEXT_KEY = "Smallest text px"  # the PNG text key site_tools/pictures.py writes
PICTURES_SHOWN = """() => [...document.querySelectorAll("article img")].map(
    (img) => [new URL(img.src).pathname, img.getBoundingClientRect().width, img.naturalWidth])"""


def page_urls(built_site) -> list[str]:
    """The path of every page of the site ("" for the home page), and of the page for a broken link."""
    paths = [html.parent.relative_to(built_site).as_posix() for html in built_site.rglob("index.html")]
    return sorted("" if path == "." else path + "/" for path in paths) + ["404.html"]


def smallest_text_px(picture: Path) -> float:
    """The height of a picture's smallest text in its own pixels, as site_tools/pictures.py recorded it."""
    with Image.open(picture) as image:
        return float(image.text[SMALLEST_TEXT_KEY])


def settle(page) -> None:
    """Wait until the math is typeset in its own fonts (fetched after the load event): only then are widths
    final, and every request the page makes has been made."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_no_page_scrolls_sideways_or_loses_a_part(
    screen, screens, open_page, site_url, built_site, pages, screenshot_dir, requests_seen, outside_requests
):
    page = open_page(**screens[screen])
    requests_before = len(requests_seen)
    shots = screenshot_dir / "site"
    shots.mkdir(exist_ok=True)
    urls = page_urls(built_site)
    assert len(urls) == len(pages) + 1, "every page of the nav, and the 404 page, is checked"
    problems, pictures_seen = [], []
    for url in urls:
        page.goto(site_url + url)
        settle(page)
        problems += [f"{url or 'home'} ({screen}): {problem}" for problem in page.evaluate(LAYOUT_PROBLEMS)]
        for path, shown_width, natural_width in page.evaluate(PICTURES_SHOWN):
            assert natural_width > 0, f"{url}: {path} did not load"
            text_px = smallest_text_px(built_site / path.lstrip("/")) * shown_width / natural_width
            pictures_seen.append(path)
            if text_px < 12:
                problems.append(f"{url} ({screen}): the smallest text of {path} is {text_px:.1f} px, under 12 px")
        if screen == "phone":
            name = url.strip("/").removesuffix(".html").replace("/", "--") or "home"
            page.screenshot(path=shots / f"{name}.png", full_page=True)
    assert len(set(pictures_seen)) == len(list((built_site / "pictures").glob("*.png"))), "a picture was not seen"
    assert not problems, "\n".join(problems)
    assert len(requests_seen) - requests_before > 50, "the request recorder saw too little to be trusted"
    assert not outside_requests, f"pages requested resources from outside the site: {sorted(set(outside_requests))}"


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
        const comma = document.createElement("p");  // a formula, then its comma, without the hook's wrapping
        comma.innerHTML = 'stride <span class="arithmatex">\\(s\\)</span>, padding';
        article.prepend(centred, name, comma);
        renderMathInElement(comma, { delimiters: [{ left: "\\(", right: "\\)", display: false }] });
        const formula = comma.querySelector(".katex").getBoundingClientRect();
        comma.style.width = `${formula.right - comma.getBoundingClientRect().left + 1}px`;  // no room for the comma
    }""")
    found = page.evaluate(LAYOUT_PROBLEMS)
    assert any("before its scroll box can show" in problem for problem in found), found
    assert any("a name in code breaks inside itself" in problem for problem in found), found
    assert any('a line starts with the ","' in problem for problem in found), found
    page.evaluate("""() => {
        const wide = document.createElement("div");  // a block wider than the screen
        wide.style = "width: 900px; height: 10px";
        document.querySelector("article.md-content__inner").append(wide);
    }""")
    assert any("off a 390 px screen" in problem for problem in page.evaluate(LAYOUT_PROBLEMS))
