"""Renderers: golden Markdown and the escaping helpers.

The golden copies are compared exactly. `UPDATE_GOLDEN=1 pytest tests/render/test_renderers.py` rewrites each copy that
differs and fails it; review the diff (`git diff tests/golden/`), then run again without UPDATE_GOLDEN.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO, hostile_archive, rich_archive
from markupsafe import Markup
from mypy import api as mypy_api

from generator.data import archive_files
from generator.link.views import Views, link_content
from generator.render.common import breadcrumbs, facts, page, section, table
from generator.render.makers import NAV_URLS, all_pages
from generator.render.text import esc, esc_markdown, href, inline, join, link
from generator.validate.records import load_content

GOLDEN = Path(__file__).parents[1] / "golden"
GOLDEN_PAGES = [
    "", "communications/al-oth-1-2021/", "communications/al-che-2-2021/", "communications/ua-oth-3-2026/",
    "norms/", "norms/testi/", "norms/testi-1/", "mandates/", "mandates/wg-other/",
    "addressees/synthetic-paged-corp/", "types/ol/", "years/2020/page/2/",
    "replies/", "replies/unanswered/", "data/", "statistics/", "countries/che/",
]
HOSTILE_PAGES = ["", "communications/al-oth-1-2021/", "norms/testi-1/", "mandates/sr-testing/"]


def views_of(content: Path) -> Views:
    loaded, errors = load_content(content)
    assert [e for e in errors if not e.warning] == []
    return link_content(loaded)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    views = views_of(rich_archive(tmp_path_factory.mktemp("render") / "content"))
    return {page.url: page.markdown for page in all_pages(views, downloads=archive_files(views, records=True))}


@pytest.fixture(scope="module")
def rendered_hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    views = views_of(hostile_archive(tmp_path_factory.mktemp("render-hostile") / "content"))
    return {page.url: page.markdown for page in all_pages(views, downloads=archive_files(views, records=True))}


def golden_name(prefix: str, url: str) -> Path:
    return GOLDEN / f"{prefix}{url.strip('/').replace('/', '__') or 'home'}.md"


def compare(path: Path, markdown: str) -> None:
    """Fail unless `markdown` is the golden copy at `path`; with UPDATE_GOLDEN set, rewrite a differing copy and fail.

    The rewrite fails too, so a run with UPDATE_GOLDEN set (by mistake, in CI) never passes on changed pages."""
    if os.environ.get("UPDATE_GOLDEN") and (not path.is_file() or path.read_text(encoding="utf-8") != markdown):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
        pytest.fail(f"golden file {path.name} updated: review the diff (git diff tests/golden/) and run again "
                    "without UPDATE_GOLDEN")
    assert path.is_file(), f"{path} is missing; run UPDATE_GOLDEN=1 pytest tests/render/test_renderers.py to write it"
    assert markdown == path.read_text(encoding="utf-8"), f"{path.name} changed; review the change, then UPDATE_GOLDEN=1"


@pytest.mark.parametrize("url", GOLDEN_PAGES)
def test_page_markdown_matches_its_golden_copy(rendered: dict[str, str], url: str) -> None:
    compare(golden_name("", url), rendered[url])


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_hostile_page_markdown_matches_its_golden_copy(rendered_hostile: dict[str, str], url: str) -> None:
    compare(golden_name("hostile__", url), rendered_hostile[url])


def test_record_text_never_appears_unescaped_in_generated_markdown(rendered_hostile: dict[str, str]) -> None:
    for url, markdown in rendered_hostile.items():
        assert "<script" not in markdown and 'href="javascript:' not in markdown, url
        # The only images are the statistics page's own charts; none comes from a record.
        assert not re.search(r'<img(?! src="[a-z0-9-]+\.svg" alt="Bar chart of)', markdown), url


def test_every_page_has_a_unique_url_and_a_title(tmp_path: Path) -> None:
    pages = list(all_pages(views_of(rich_archive(tmp_path / "content"))))
    urls = [page.url for page in pages]
    assert len(urls) > 90 and sorted(set(urls)) == sorted(urls)  # no two renderers claim one URL
    assert all(page.markdown.startswith('---\ntitle: "') and page.title for page in pages)


def test_a_browse_index_heads_its_column_with_one_value_of_it(rendered: dict[str, str]) -> None:
    heads = {url: re.search(r"<thead><tr><th[^>]*>(.*?)</th>", rendered[url]).group(1) for url in
             ("countries/", "mandates/", "addressees/", "years/", "types/")}
    assert heads == {"countries/": "Country", "mandates/": "Mandate", "addressees/": "Addressee", "years/": "Year",
                     "types/": "Type"}


def test_rendering_twice_gives_the_same_markdown(tmp_path: Path, rendered: dict[str, str]) -> None:
    views = views_of(rich_archive(tmp_path / "content"))
    pages = all_pages(views, downloads=archive_files(views, records=True))
    assert {page.url: page.markdown for page in pages} == rendered


def test_esc_escapes_html_and_keeps_each_text_on_one_line() -> None:
    assert esc('<a href="x">&\n{{ y }}') == "&lt;a href=&quot;x&quot;&gt;&amp;<br>{{ y }}"


def test_esc_gives_markup_and_keeps_markup_as_it_is() -> None:
    assert isinstance(esc("<b>"), Markup)
    assert esc(Markup("<em>x</em>")) == "<em>x</em>"
    assert esc(None) == "" and isinstance(esc(None), Markup)


SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
HTML_FROM_A_PLAIN_STRING = {
    "link text": lambda text: link("", "norms/", text),
    "table heading": lambda text: table([text], []),
    "table row": lambda text: table(["Letter"], [text]),
    "section title": section,
    "page block": lambda text: page("x/", "X", [text]).markdown,
    "facts value": lambda text: facts([("Term", text)]),
    "breadcrumb label": lambda text: breadcrumbs("x/", [("", text)], "X"),
    "joined part": lambda text: join([Markup("<b>1</b>"), text]),
}


@pytest.mark.parametrize("where", sorted(HTML_FROM_A_PLAIN_STRING))
def test_a_plain_string_given_where_html_goes_is_escaped_not_trusted(where: str) -> None:
    html = HTML_FROM_A_PLAIN_STRING[where](SCRIPT)
    assert "<script>" not in html
    assert ESCAPED in html


def test_markup_given_where_html_goes_is_kept() -> None:
    assert link("", "norms/", Markup("<em>Norms</em>")) == '<a href="norms/"><em>Norms</em></a>'
    assert "<tr><td>1</td></tr>" in table([Markup("<abbr>No.</abbr>")], [Markup("<tr><td>1</td></tr>")])


def test_the_type_checker_refuses_a_plain_string_where_html_goes(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # where mypy finds the generator
    caller = tmp_path / "caller.py"
    caller.write_text("from generator.render.common import page, table\n"
                      "row = f\"<tr><td>{'x'}</td></tr>\"\n"
                      "table(['Letter'], [row])\n"
                      "page('x/', 'X', ['<p>x</p>'])\n", encoding="utf-8")
    out, _, status = mypy_api.run([str(caller), "--config-file", str(REPO / "pyproject.toml"),
                                   "--cache-dir", str(tmp_path / "cache")])
    assert status == 1
    refused = 'error: List item 0 has incompatible type "str"; expected "Markup"'
    assert f"caller.py:3: {refused}" in out  # the table row
    assert f"caller.py:4: {refused}" in out  # the page's block


def test_esc_markdown_escapes_every_markdown_special_character() -> None:
    escaped = esc_markdown("[x](javascript:y) *a* {: #id } <b> `c`")
    assert not any(ch in escaped for ch in "[]()*{}<>`:")


def test_relative_urls_work_from_any_page_depth() -> None:
    assert href("communications/al-oth-1-2021/", "norms/ungp-13/") == "../../norms/ungp-13/"
    assert href("communications/al-oth-1-2021/", "") == "../../"
    assert href("", "norms/ungp/") == "norms/ungp/"
    assert (href("norms/ungp-13/page/2/", "communications/x/#allegation-a")
            == "../../../../communications/x/#allegation-a")
    assert href("norms/ungp/", "#p1") == "#p1"
    assert href("norms/ungp/", "search/?instrument=ICCPR#x") == "../../search/?instrument=ICCPR#x"


def test_footnote_marker_goes_after_its_words_and_references_become_links() -> None:
    html = inline("See AL PAK 4/2018 and <b>.", {7: Markup("<sup>1</sup>")}, lambda ref: "../al-pak-4-2018/")
    assert html == 'See AL<sup>1</sup> PAK 4/2018 and &lt;b&gt;.'.replace(
        "AL<sup>1</sup> PAK 4/2018", '<a href="../al-pak-4-2018/">AL PAK 4/2018</a><sup>1</sup>')


def test_counts_agree_with_their_noun() -> None:
    from generator.render.text import counted

    assert [counted(1, "letter"), counted(2, "letter"), counted(0, "letter")] == ["1 letter", "2 letters", "0 letters"]
    assert [counted(1, "reply", "replies"), counted(3, "reply", "replies")] == ["1 reply", "3 replies"]


def test_an_instrument_page_counts_one_citing_letter_in_the_singular_and_many_in_the_plural() -> None:
    from generator.model import Instrument
    from generator.render.norm import search_link

    ungp = Instrument.model_construct(short_title="UN Guiding Principles")
    one, many = search_link("norms/ungp/", ungp, 1), search_link("norms/ungp/", ungp, 1234)
    assert "1 letter cites UN Guiding Principles or one of its provisions: <a " in one
    assert ">find it in the search<" in one
    assert "1,234 letters cite UN Guiding Principles" in many and ">List them in the search, newest first<" in many
    assert 'href="../../search/?instrument=UN+Guiding+Principles&amp;document=Letter"' in one


def _nav_files(entries: list) -> list[str]:
    """Every file mkdocs.yml's nav lists, in order, sections walked."""
    files: list[str] = []
    for entry in entries:
        for value in entry.values() if isinstance(entry, dict) else [entry]:
            files += _nav_files(value) if isinstance(value, list) else [value]
    return files


def test_the_generated_pages_in_the_nav_are_those_mkdocs_yml_lists() -> None:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV and python tags
    nav = _nav_files(yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader)["nav"])
    generated = {f"{url}index.md" for url in NAV_URLS}
    assert sorted(f for f in nav if f in generated) == sorted(generated)  # each generated nav page listed, once
    assert all((REPO / "docs" / f).is_file() for f in nav if f not in generated)  # the rest are docs/ pages
