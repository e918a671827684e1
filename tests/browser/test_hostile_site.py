"""Records are untrusted: hostile text in every field is shown as text and never runs, in a real browser."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import PAYLOAD, serve

SCRIPT_SOURCES_ALLOWED = ("assets/javascripts/", "assets/search.js", "assets/theme.js", "assets/palette.js",
                           "assets/cite.js")


class _Markup(HTMLParser):
    """Every element with its attributes, and the text of every inline <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_hostile_archive_is_valid_so_the_payload_reaches_every_page_type(hostile_site: Path) -> None:
    shown = "&lt;script&gt;window.__pwned=1&lt;/script&gt;"  # the payload, escaped: there as text
    for url in ("communications/al-oth-1-2021/", "norms/testi-1/", "mandates/sr-testing/", "addressees/",
                "replies/", "norms/testi/"):
        assert shown in (hostile_site / url / "index.html").read_text(encoding="utf-8"), url


def test_no_markup_from_record_text_reaches_the_html(hostile_site: Path) -> None:
    for path in pages(hostile_site):
        markup = _Markup()
        markup.feed(path.read_text(encoding="utf-8"))
        where = path.relative_to(hostile_site)
        for tag, attrs in markup.elements:
            # The only images are the statistics page's own charts beside it; a record's <img> never gets through.
            chart = str(where) == "statistics/index.html" and re.fullmatch(r"[a-z0-9-]+\.svg", attrs.get("src", ""))
            assert tag != "img" or chart, (where, attrs)
            assert not [a for a in attrs if a.startswith("on")], (where, tag, attrs)
            for name in ("href", "src"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:")), (where, tag, attrs)
            if tag == "script" and attrs.get("src"):
                assert any(allowed in attrs["src"] for allowed in SCRIPT_SOURCES_ALLOWED), (where, attrs)
        assert not [s for s in markup.scripts if "__pwned" in s], where


def test_hostile_text_is_shown_as_text_on_the_communication_page(page: Any, hostile_site: Path) -> None:
    page.goto(serve(hostile_site) + "communications/al-oth-1-2021/")
    text = page.locator("article").inner_text()
    for fragment in ("<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">',
                     "[x](javascript:window.__pwned=1)", '{: onclick="window.__pwned=1" }', "{{ 7*7 }}", "*emphasis*",
                     "&lt;b&gt;"):
        assert fragment in text
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("relative", [
    "", "communications/al-oth-1-2021/", "communications/", "norms/", "norms/testi/", "norms/testi-1/", "mandates/",
    "mandates/sr-testing/", "addressees/", "countries/che/", "years/2021/", "types/al/", "replies/",
    "replies/unanswered/", "data/", "statistics/",
])
def test_hostile_text_never_runs_on_any_page_type(page: Any, hostile_site: Path, relative: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(serve(hostile_site) + relative)
    page.wait_for_load_state("load")
    for link in page.locator("article a").all()[:40]:
        link.dispatch_event("mouseover")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (PAYLOAD.split(" ")[0] in page.locator("body").inner_text()
            or relative in ("communications/", "replies/unanswered/", "norms/"))
    assert errors == []


def test_hostile_text_in_search_results_and_filters_never_runs(page: Any, hostile_site: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(serve(hostile_site) + "search/?q=pwned")
    page.wait_for_selector(".sp-result__excerpt mark", timeout=15_000)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".sp-search-page img, .sp-search-page script").count() == 0
    assert "<script>window.__pwned=1</script>" in page.locator(".sp-results").inner_text()
    assert "<script>" in page.locator(".sp-filters").inner_text()
    assert errors == []


def test_the_citation_formats_made_in_the_browser_keep_hostile_text_as_text(page: Any, hostile_site: Path) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    page.goto(serve(hostile_site) + "communications/al-oth-1-2021/")
    page.wait_for_selector("details.sp-cite-format pre", state="attached")
    formats = {summary: page.locator(f"details.sp-cite-format:has(summary:text-is('{summary}')) pre").text_content()
               for summary in ("BibTeX", "RIS", "CSL-JSON")}
    title = page.locator('meta[name="citation_title"]').get_attribute("content")
    assert PAYLOAD.split(" ")[0] in title
    # TeX's specials in the payload ({, }, %, &, _) are escaped: the entry parses whole and reads back as the title.
    library = bibtexparser.parse_string(formats["BibTeX"])
    assert not library.failed_blocks and len(library.entries) == 1
    inner = library.entries[0]["title"].removeprefix("{").removesuffix("}")
    assert re.search(r"(?<!\\)[{}%&#$_]", inner) is None, inner
    assert re.sub(r"\\([{}%&#$_])", r"\1", inner) == " ".join(title.split())
    assert f"TI  - {' '.join(title.split())}" in formats["RIS"].splitlines()
    assert json.loads(formats["CSL-JSON"])[0]["title"] == title
    assert page.locator(".sp-cite-formats > p").count() == 0  # the words for readers without JavaScript are gone
    assert page.evaluate("typeof window.__pwned") == "undefined"
