"""Every page can be read (issue 22): no raw TeX left visible anywhere, admonitions, details and tabs
included; on a 390 px phone every code block fits or scrolls in its own box with a cue, and no control
covers code; the home page says how to get the kit and start in three commands."""

from pathlib import Path

from test_site_layout import page_urls, settle

READING_PROBLEMS = (Path(__file__).parent / "reading_problems.js").read_text()


def test_no_page_shows_raw_tex_or_code_a_phone_cannot_read(screens, open_page, site_url, built_site):
    page = open_page(**screens["phone"])
    problems = []
    for url in page_urls(built_site):
        page.goto(site_url + url)
        settle(page)
        problems += [f"{url or 'home'}: {problem}" for problem in page.evaluate(READING_PROBLEMS)]
    assert not problems, "\n".join(problems)


def test_the_reading_check_finds_what_it_looks_for(screens, open_page, site_url):
    """On a page broken on purpose (TeX in a closed details block, a long line that does not scroll, a
    button over code) the check above must complain about each."""
    page = open_page(**screens["phone"])
    page.goto(site_url + "interview-questions/")
    settle(page)
    assert page.evaluate(READING_PROBLEMS) == [], "the page must start clean for this test to mean anything"
    page.evaluate("""() => {
        const article = document.querySelector("article.md-content__inner");
        const details = document.createElement("details");
        details.innerHTML = "<summary>Q</summary><p>\\\\[ H = \\\\left\\\\lfloor \\\\frac{a}{b} \\\\right\\\\rfloor \\\\]</p>";
        const pre = document.createElement("pre");
        pre.innerHTML = '<button style="position: absolute; left: 0; top: 0">copy</button>' +
                        '<code style="overflow-x: hidden; background: none">' + "long_line = 1; ".repeat(20) + "</code>";
        pre.style.position = "relative";
        article.prepend(details, pre);
    }""")
    found = page.evaluate(READING_PROBLEMS)
    assert any("raw TeX \\frac" in problem for problem in found), found
    assert any("does not scroll" in problem for problem in found), found
    assert any("covers code" in problem for problem in found), found
    page.evaluate("""() => { document.querySelector("article pre code").style.overflowX = "auto"; }""")
    assert any("no cue" in problem for problem in page.evaluate(READING_PROBLEMS))


def test_the_home_page_says_how_to_get_the_kit_and_start_in_three_commands(page, site_url):
    page.goto(site_url)
    blocks = page.locator("article pre code").all_inner_texts()
    start = next((block for block in blocks if "git clone" in block), "")
    commands = [line.split("#")[0].strip() for line in start.splitlines() if line.split("#")[0].strip()]
    assert len(commands) == 3, blocks
    assert commands[0].startswith("git clone") and commands[1:] == ["make check", "make watch"], commands
