"""The site's hooks: the catalog hook renders catalog text literally and refuses markers it cannot fill, the stubs
hook derives every stub, the line-breaks hook keeps names and a formula's punctuation whole."""

import importlib.util
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError


@pytest.fixture(scope="module")
def hook(repo_root):
    """site_tools/hook_catalog.py, loaded by path as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location("hook_catalog", repo_root / "site_tools" / "hook_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="exercises/example.md"))


def test_markdown_characters_in_catalog_text_stay_literal(hook):
    assert hook.escape("size + 2*padding, C_in * C_out, [a|b] <x>") == (
        r"size + 2\*padding, C\_in \* C\_out, \[a\|b\] &lt;x&gt;"
    )


def test_an_unknown_exercise_fails_the_build(hook):
    with pytest.raises(PluginError, match="no exercise 'ex99_missing'"):
        hook.on_page_markdown("<!-- catalog:hints ex99_missing -->", PAGE, None, None)


def test_an_unknown_field_fails_the_build(hook, catalog):
    with pytest.raises(PluginError, match="unknown catalog field 'answers'"):
        hook.on_page_markdown(f"<!-- catalog:answers {catalog[0]['name']} -->", PAGE, None, None)


def test_hints_become_collapsed_blocks_in_order(hook, catalog):
    exercise = catalog[0]
    rendered = hook.on_page_markdown(f"<!-- catalog:hints {exercise['name']} -->", PAGE, None, None)
    count = len(exercise["hints"])
    assert [line for line in rendered.splitlines() if line.startswith("???")] == [
        f'??? tip "Hint {number} of {count}"' for number in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def stubs_hook(repo_root):
    """site_tools/hook_stubs.py, loaded by path as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location("hook_stubs", repo_root / "site_tools" / "hook_stubs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_stubs_hook_writes_every_derived_stub_and_drops_stale_ones(
    stubs_hook, catalog, repo_root, tmp_path, monkeypatch
):
    from grader.derive import stub_source

    monkeypatch.setattr(stubs_hook, "STUBS_DIR", tmp_path)
    (tmp_path / "ex99_gone.py").write_text("an exercise no longer in the catalog\n")
    stubs_hook.on_pre_build(None)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"{e['name']}.py" for e in catalog)
    for exercise in catalog:
        solution = (repo_root / "solutions" / f"{exercise['name']}.py").read_text()
        assert (tmp_path / f"{exercise['name']}.py").read_text() == stub_source(solution, exercise["name"])


@pytest.fixture(scope="module")
def line_breaks_hook(repo_root):
    """site_tools/hook_line_breaks.py, loaded by path as MkDocs loads it."""
    path = repo_root / "site_tools" / "hook_line_breaks.py"
    spec = importlib.util.spec_from_file_location("hook_line_breaks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_breakable_names_in_inline_code_are_kept_whole_and_code_blocks_left_alone(line_breaks_hook):
    whole = '<span class="keep-together">{}</span>'.format
    html = (
        "<p><code>python -m grader check --json</code> and <code>in_channels</code></p>"
        "<pre><code>x = y --z</code></pre><td><code>OUT/&lt;student&gt;/results.json</code></td>"
    )
    assert line_breaks_hook.on_page_content(html, PAGE, None, None) == (
        f"<p><code>python {whole('-m')} grader check {whole('--json')}</code> and <code>in_channels</code></p>"
        f"<pre><code>x = y --z</code></pre><td><code>{whole('OUT/&lt;student&gt;/results.json')}</code></td>"
    )


def test_a_formula_keeps_its_punctuation_on_its_line(line_breaks_hook):
    html = r'stride <span class="arithmatex">\(s\)</span>, padding <span class="arithmatex">\(p\)</span> and'
    assert line_breaks_hook.on_page_content(html, PAGE, None, None) == (
        r'stride <span class="keep-together"><span class="arithmatex">\(s\)</span>,</span> padding '
        r'<span class="arithmatex">\(p\)</span> and'
    )
