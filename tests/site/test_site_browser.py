"""The built site in headless Chromium: math, search, collapsed answers, stubs. (That no page fetches anything from
outside is checked by test_site_layout.py, which visits every page on two screens.)"""

from grader.derive import stub_source


def test_math_is_rendered_by_katex(page, site_url, screenshot_dir):
    page.goto(site_url + "concepts/convolution-layer/")
    page.wait_for_selector(".katex-display")
    assert page.locator(".katex").count() > 20
    assert page.locator(".katex-error").count() == 0, "KaTeX could not parse some math"
    formula = page.locator(".katex-display").filter(has_text="out").first
    formula.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "convolution-layer.png")


def test_search_finds_a_term_from_the_pages(page, site_url, screenshot_dir):
    page.goto(site_url)
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("dilation")  # key by key: the theme searches on key events, not on fill()
    page.locator(".md-search-result__item a").first.wait_for()
    links = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    assert any("concepts/convolution-layer/" in link for link in links), links
    page.screenshot(path=screenshot_dir / "search.png")


def test_a_collapsed_answer_opens_when_clicked(page, site_url, screenshot_dir):
    page.goto(site_url + "interview-questions/")
    question = page.locator("details.question").first
    answer = question.locator("p").first
    assert question.get_attribute("open") is None
    assert not answer.is_visible()
    question.locator("summary").click()
    answer.wait_for(state="visible")
    assert question.get_attribute("open") is not None
    assert "(1, 8, 64, 64)" in answer.inner_text()
    page.screenshot(path=screenshot_dir / "interview-questions.png")


def test_every_exercise_page_shows_its_stub_and_hints(page, site_url, catalog, repo_root, screenshot_dir):
    for exercise in catalog:
        slug = exercise["name"].replace("_", "-")
        page.goto(f"{site_url}exercises/{slug}/")
        code = page.locator(".highlight code").filter(has_text="NotImplementedError").first.inner_text()
        solution = (repo_root / "solutions" / f"{exercise['name']}.py").read_text()
        stub = stub_source(solution, exercise["name"])  # what the learner starts from, never their exercises/
        assert code.strip() == stub.strip(), f"{slug}: the page does not show the stub derived from the solution"
        assert page.locator("details.tip").count() == len(exercise["hints"]), f"{slug}: hints missing"
    page.goto(f"{site_url}exercises/ex07-conv2d-loops/")
    page.screenshot(path=screenshot_dir / "exercise-07.png", full_page=True)
