"""Exercise pages show the stubs derived from solutions/, never what is in exercises/.

The site under test is built from a copy of the kit whose exercises/ holds the solutions (conftest's
solved_kit), as a learner's would after solving: nothing of those answers may reach the built site.
"""

import html
import json
import re

import pytest

from grader.derive import BEGIN, END, stub_source

SOLUTION_REGION = re.compile(rf"^[ \t]*{re.escape(BEGIN)}[ \t]*\n(.*?)^[ \t]*{re.escape(END)}", re.M | re.S)
CODE_BLOCK = re.compile(r'<div class="highlight">(.*?)</div>', re.S)


def plain_text(markup: str) -> str:
    """What a reader (or a search engine) sees of some HTML: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def built_texts(built_site) -> dict[str, str]:
    """The visible text of every page of the built site, and of its search index, by path."""
    texts = {path.relative_to(built_site).as_posix(): plain_text(path.read_text())
             for path in built_site.rglob("*.html")}
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    texts["search/search_index.json"] = "\n".join(plain_text(doc["text"]) for doc in index["docs"])
    return texts


@pytest.fixture(scope="module")
def solutions(repo_root, catalog) -> dict[str, str]:
    """Each exercise's solution file, by exercise name."""
    return {e["name"]: (repo_root / "solutions" / f"{e['name']}.py").read_text() for e in catalog}


def test_no_page_includes_a_file_from_exercises(pages, repo_root):
    for page, text in pages.items():
        assert not re.search(r'--8<--\s+"exercises/', text), f"{page} includes the learner's exercises/"
    watched = (repo_root / "mkdocs.yml").read_text().split("watch:")[1].split("\n\n")[0]
    assert "exercises" not in watched, "mkdocs serve should not rebuild from the learner's exercises/"


def test_the_kit_under_test_holds_solved_exercises(solved_kit, solutions):
    for name, solution in solutions.items():
        assert (solved_kit / "exercises" / f"{name}.py").read_text() == solution


def test_each_exercise_page_shows_the_stub_derived_from_its_solution(built_site, solutions):
    for name, solution in solutions.items():
        page = (built_site / "exercises" / name.replace("_", "-") / "index.html").read_text()
        blocks = [plain_text(block) for block in CODE_BLOCK.findall(page)]
        shown = [block for block in blocks if "NotImplementedError" in block]
        assert len(shown) == 1, f"{name}: expected one stub on the page, found {len(shown)}"
        assert shown[0].strip() == stub_source(solution, name).strip(), f"{name}: the page shows another stub"


def test_no_solution_code_reaches_the_built_site(built_site, solutions, pages, repo_root):
    # Lines the site teaches on purpose (its pages and included snippets) are not leaks, whatever their source.
    snippets = (repo_root / "site_tools" / "snippets").glob("*.py")
    taught = "\n".join(pages.values()) + "\n".join(path.read_text() for path in snippets)
    texts = built_texts(built_site)
    for name, solution in solutions.items():
        answer_lines = {line.strip() for region in SOLUTION_REGION.findall(solution) for line in region.splitlines()}
        telling = {line for line in answer_lines if len(line) >= 12 and not line.startswith("#") and line not in taught}
        assert len(telling) >= 1, f"{name}: no solution line to look for; this check would prove nothing"
        for path, text in texts.items():
            leaked = sorted(line for line in telling if line in text)
            assert not leaked, f"{path} shows {name}'s solution: {leaked[:3]}"
