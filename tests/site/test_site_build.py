"""The site's structure: a titled nav of kebab-case pages, exercise pages that follow the catalog, nothing external."""

import html
import re
from html.parser import HTMLParser

import yaml

KEBAB_CASE_PAGE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.md$")


class IgnoreTagsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs' own tags such as !relative."""


IgnoreTagsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def nav_entries(nav) -> list[tuple[str | None, str]]:
    """(title, page) for every page in the nav, depth first; title None for a section's index page."""
    entries = []
    for item in nav:
        if isinstance(item, str):
            entries.append((None, item))
            continue
        [(title, value)] = item.items()
        entries.extend(nav_entries(value) if isinstance(value, list) else [(title, value)])
    return entries


def test_mkdocs_yml_builds_from_site_into_an_ignored_folder(repo_root):
    config = yaml.load((repo_root / "mkdocs.yml").read_text(), Loader=IgnoreTagsLoader)
    assert config["docs_dir"] == "site"
    assert config["site_dir"] == "build/site"
    assert "/build/" in (repo_root / ".gitignore").read_text().split()
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False


def test_nav_lists_every_page_once_with_a_title(repo_root, pages):
    config = yaml.load((repo_root / "mkdocs.yml").read_text(), Loader=IgnoreTagsLoader)
    entries = nav_entries(config["nav"])
    listed = [page for _, page in entries]
    assert sorted(listed) == sorted(pages), "every page is in the nav, and every nav entry is a page"
    untitled = [page for title, page in entries if title is None and not page.endswith("index.md")]
    assert not untitled, f"pages without a nav title: {untitled}"


def test_page_names_are_kebab_case(pages):
    wrong = [page for page in pages if not KEBAB_CASE_PAGE.match(page.rsplit("/", 1)[-1])]
    assert not wrong


def test_each_exercise_has_a_page_that_follows_the_catalog(pages, catalog):
    exercise_pages = {page for page in pages if page.startswith("exercises/ex")}
    assert exercise_pages == {f"exercises/{e['name'].replace('_', '-')}.md" for e in catalog}
    for number, exercise in enumerate(catalog, start=1):
        name = exercise["name"]
        text = pages[f"exercises/{name.replace('_', '-')}.md"]
        assert text.startswith(f"# Exercise {number}: {exercise['title']}\n"), f"{name}: title differs from the catalog"
        for field in ("summary", "rules", "hints"):
            assert f"<!-- catalog:{field} {name} -->" in text, f"{name}: no {field} from the catalog"
        assert f'--8<-- "build/stubs/{name}.py"' in text, f"{name}: the derived stub is not included"
        assert f"python -m grader check {name.split('_')[0]}" in text, f"{name}: no check command"


def test_catalog_data_is_rendered_into_the_exercise_pages(built_site, catalog):
    for exercise in catalog:
        page = (built_site / "exercises" / exercise["name"].replace("_", "-") / "index.html").read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert exercise["summary"] in text
        for hint in exercise["hints"]:
            assert hint in text, f"{exercise['name']}: hint not rendered as written: {hint!r}"
        for name in exercise["forbidden"]:
            assert f"<code>{name}</code>" in page
        assert "catalog:" not in text, "a catalog marker was left unrendered"
    index = (built_site / "exercises" / "index.html").read_text()
    total = sum(exercise["points"] for exercise in catalog)
    assert f"<strong>{total}</strong>" in index, "the total of points is missing"


class ResourceCollector(HTMLParser):
    """Collects the URLs a page loads by itself: scripts, style sheets, images, frames, media."""

    LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADED and attrs.get(self.LOADED[tag]):
            self.urls.append(attrs[self.LOADED[tag]])
        if tag == "link" and attrs.get("rel") != "canonical" and attrs.get("href"):
            self.urls.append(attrs["href"])


def test_built_pages_load_nothing_from_outside_the_site(built_site):
    for page in built_site.rglob("*.html"):
        collector = ResourceCollector()
        collector.feed(page.read_text())
        external = [url for url in collector.urls if re.match(r"^(https?:)?//", url)]
        assert not external, f"{page.relative_to(built_site)} loads {external}"


def test_katex_and_its_fonts_are_served_by_the_site(built_site):
    assert (built_site / "katex" / "katex.min.js").is_file()
    assert (built_site / "katex" / "contrib" / "auto-render.min.js").is_file()
    assert list((built_site / "katex" / "fonts").glob("*.woff2"))
