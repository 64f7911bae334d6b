"""report.html in headless Chromium, opened from disk: every section, no console error, no request
leaves the page, and at phone width the page itself never scrolls sideways."""

from __future__ import annotations

import pytest

SECTIONS = ["glance", "exercises", "mistakes", "attention", "similarity", "timing", "students"]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def opened(browser, report_file):
    """(page, console errors, every URL requested) for a fresh page on the report."""
    def open_at(width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
        page = context.new_page()
        errors, requests = [], []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report_file.as_uri())
        page.wait_for_load_state("load")
        contexts.append(context)
        return page, errors, requests

    contexts = []
    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_report_opens_offline_with_every_section(opened, report_file, screenshot_dir, size):
    page, errors, requests = opened(*SIZES[size])
    for section in SECTIONS:
        assert page.locator(f"section#{section} h2").is_visible(), section
    assert page.locator("svg[role=img]").count() >= 4  # histogram, exercises, timing, check rates
    assert page.locator("#similar-pairs tr").count() > 1
    assert requests == [report_file.as_uri()], "the page requested something besides itself"
    assert errors == []
    page.screenshot(path=screenshot_dir / f"report-{size}.png")
    page.screenshot(path=screenshot_dir / f"report-{size}-full.png", full_page=True)


def test_phone_width_never_scrolls_the_page_sideways(opened):
    page, _, _ = opened(*SIZES["phone"])
    for details in page.locator("details").all():  # open everything: the widest content counts too
        details.evaluate("d => d.open = true")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    wide_tables = page.evaluate("""[...document.querySelectorAll('table, pre')]
        .filter(t => t.scrollWidth > t.closest('.scroll, .pair > div, details, section').clientWidth + 1)
        .filter(t => !['auto', 'scroll'].includes(getComputedStyle(t.closest('.scroll') || t).overflowX))
        .length""")
    assert wide_tables == 0, "a table or code block is wider than its box and does not scroll in it"


def test_a_pair_shows_both_files_with_shared_code_marked(opened, screenshot_dir):
    page, _, _ = opened(*SIZES["desktop"])
    pair = page.locator("details.pair-detail").first
    pair.locator("summary").click()
    assert "similar: review" in pair.locator("summary").inner_text()
    assert pair.locator("pre").count() == 2
    assert pair.locator("mark").count() >= 2
    pair.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "report-pair.png")


def test_a_mistake_links_to_the_students_row(opened):
    page, _, _ = opened(*SIZES["desktop"])
    row = page.locator("#mistake-table tbody tr").first
    row.locator("summary").click()
    link = row.locator("a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(target).is_visible()


def _open_everything(page) -> None:
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")


@pytest.mark.parametrize("size", SIZES)
def test_every_column_is_in_view_or_its_box_scrolls_with_a_cue(opened, screenshot_dir, size):
    page, _, _ = opened(*SIZES[size])
    _open_everything(page)
    # Every cell of a stacked table lies inside the screen (on a phone each row is a card).
    outside = page.evaluate("""[...document.querySelectorAll('table.stack td')]
        .filter(td => getComputedStyle(td).display !== 'table-cell')
        .filter(td => { const r = td.getBoundingClientRect(); return r.width && (r.left < 0 || r.right > innerWidth); })
        .map(td => td.closest('table').id + ': ' + (td.dataset.label || td.textContent.slice(0, 20)))""")
    assert outside == [], outside
    if size == "phone":
        assert page.evaluate("getComputedStyle(document.querySelector('#student-table td')).display") != "table-cell"
    # A box whose table is wider than it scrolls, and shows that it does (shadows at its edges).
    hidden = page.evaluate("""[...document.querySelectorAll('.scroll')]
        .filter(box => box.scrollWidth > box.clientWidth + 1)
        .filter(box => getComputedStyle(box).overflowX !== 'auto' || !getComputedStyle(box).backgroundImage.includes('gradient'))
        .map(box => (box.querySelector('table') || {}).id)""")
    assert hidden == [], hidden
    for name in ("exercise-table", "student-table"):
        page.locator(f"#{name}").scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / f"report-{size}-{name}.png")


@pytest.mark.parametrize("size", SIZES)
def test_no_student_id_breaks_mid_word(opened, size):
    page, _, _ = opened(*SIZES[size])
    _open_everything(page)
    broken = page.evaluate("""(() => {
        const found = [];
        for (const el of document.querySelectorAll('.name, a.name')) {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const m of node.data.matchAll(/\\S+/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                    const lines = new Set([...range.getClientRects()].filter(r => r.width).map(r => Math.round(r.top)));
                    if (lines.size > 1) found.push(m[0]);
                }
            }
        }
        return found;
    })()""")
    assert broken == [], f"ids broken across lines: {broken[:10]}"


@pytest.mark.parametrize("size", SIZES)
def test_chart_text_is_at_least_12_css_px(opened, size):
    page, _, _ = opened(*SIZES[size])
    _open_everything(page)
    sizes = page.evaluate("""[...document.querySelectorAll('svg[role=img] text')]
        .filter(t => t.getScreenCTM() && t.textContent.trim())
        .map(t => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })""")
    assert sizes and min(sizes) >= 12 - 0.01, f"{len(sizes)} texts, the smallest {min(sizes):.1f} px"
