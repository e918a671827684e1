"""The letter page as readers use it, in a real browser: in the letter's own order, on a phone, on paper, cited.

The real seed letter (content/), built by real MkDocs with a site_url, served over HTTP and
opened in Debian's chromium; axe-core (npm, installed by scripts/setup.sh --test) checks
accessibility in the page; the citation formats are read back by bibtexparser, citeproc-py
and rispy; the printed letter is a real PDF read by pypdf.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, built, real_content_ready, serve

SITE_URL = "https://archive.example.org/sp/"
LETTER = "communications/al-oth-102-2021/"
AXE = REPO / ".cache/npm/node_modules/axe-core/axe.min.js"
PAGE_TYPES = [
    "", "communications/", LETTER, "norms/", "norms/ungp/", "norms/ungp-22/", "replies/", "replies/unanswered/",
    "mandates/", "mandates/wg-business/", "addressees/", "countries/", "countries/chn/", "years/", "types/al/",
    "search/?q=forced+labour", "about/",
]
"""One page of every kind the site has."""


@pytest.fixture(scope="module")
def cited_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not real_content_ready():
        pytest.skip("content/ does not hold the seed letter yet")
    return built(REPO / "content", tmp_path_factory.mktemp("cited") / "site", site_url=SITE_URL)


def opened(page: Any, site: Path, url: str) -> str:
    page.goto(serve(site) + url)
    page.wait_for_load_state("load")
    return serve(site) + url


def test_the_letter_reads_in_its_own_order(page: Any, cited_site: Path) -> None:
    opened(page, cited_site, LETTER)
    order = page.evaluate("""() => [...document.querySelectorAll('.sp-letter > *, .sp-letter section > *')]
        .filter(e => !e.matches('.sp-cites, section, ul'))
        .map(e => e.className.split(' ')[0] || e.id || e.tagName).filter(Boolean)""")
    def first(name: str) -> int:
        return order.index(name)
    assert order[:4] == ["sp-letterhead", "sp-letter-reference", "sp-letter-date", "sp-salutation"]
    assert first("p16") < first("sp-signatures") < first("sp-annex-title") < first("p17") < first("sp-footnotes")
    letter = page.locator(".sp-letter")
    assert letter.locator(".sp-letter-reference").inner_text().split() == ["REFERENCE:", "AL", "OTH", "102/2021"]
    assert letter.locator(".sp-letter-date time").get_attribute("datetime") == "2021-03-12"
    assert letter.locator(".sp-letter-date").inner_text() == "12 March 2021"
    assert letter.locator(".sp-annex-title").inner_text() == "Annex"
    assert "Please accept, Mr. Zhang Ruimin" in page.locator("#p16").inner_text()
    names = letter.locator(".sp-signatory-name").all_inner_texts()
    assert names[0] == "Dante Pesce" and names[-1] == "Siobhán Mullally" and len(names) == 7


def test_what_the_archive_adds_to_the_letter_is_marked_editorial(page: Any, cited_site: Path) -> None:
    opened(page, cited_site, LETTER)
    cites = page.locator(".sp-letter .sp-cites")
    assert cites.count() > 5
    assert all(text.startswith("Editorial") for text in cites.all_inner_texts())
    for title in page.locator(".sp-allegation h3").all_inner_texts():
        assert title.endswith("Editorial title")
    # A note given beside one paragraph is not repeated beside the next: it is linked.
    notes = [t for t in cites.all_inner_texts() if "(see the note at" not in t]
    assert len(set(notes)) == len(notes)
    # The paragraph numbers other parts of the page refer to are shown, and link to themselves.
    assert page.locator("#p3 > a.sp-pid").inner_text() == "p3"
    assert page.locator("#p3 > a.sp-pid").get_attribute("href") == "#p3"


def test_the_reply_status_says_what_the_archive_knows(page: Any, cited_site: Path) -> None:
    opened(page, cited_site, LETTER)
    said = page.locator(".sp-no-reply").inner_text()
    assert said.startswith("No reply in the archive as of 26 November 2026")
    assert "that period ended on 11 May 2021" in said
    assert "No reply after 60 days" not in page.content()


@pytest.mark.parametrize("width", [390, 1366])
def test_no_page_scrolls_sideways(browser: Any, cited_site: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    wide = {}
    for url in PAGE_TYPES:
        opened(page, cited_site, url)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[url] = scroll
    context.close()
    assert wide == {}


def test_tables_scroll_inside_their_box_and_never_break_words(browser: Any, cited_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    opened(page, cited_site, "norms/ungp-22/")
    boxes = page.evaluate("""() => [...document.querySelectorAll('table.sp-table')].map(t => ({
        inBox: t.parentElement.classList.contains('sp-table-wrap'),
        boxFits: t.parentElement.getBoundingClientRect().right <= window.innerWidth,
        wordBreak: getComputedStyle(t.querySelector('td')).wordBreak}))""")
    context.close()
    assert boxes and all(b["inBox"] and b["boxFits"] and b["wordBreak"] == "normal" for b in boxes)


def test_no_serious_accessibility_violation_on_any_page_type(page: Any, cited_site: Path) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: scripts/setup.sh --test installs axe-core")
    found = {}
    for url in PAGE_TYPES:
        opened(page, cited_site, url)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
        if violations:
            found[url or "home"] = violations
    assert found == {}


def test_the_printed_letter_holds_the_whole_letter_with_its_address_and_date(page: Any, cited_site: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    opened(page, cited_site, LETTER)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert len(pdf.pages) <= 10
    assert f"{SITE_URL}{LETTER}" in "".join(text.split())  # a long address may wrap across lines
    for words in ("REFERENCE: AL OTH 102/2021", "12 March 2021", "Dear Mr. Zhang Ruimin,",
                  "Please accept, Mr. Zhang Ruimin", "Siobhán Mullally", "Annex",
                  "Reference to international human rights law"):
        assert words in text, words
    # the annex's heading
    assert text.index("Siobhán Mullally") < text.rindex("Reference to international human rights law")
    # Left out on paper: the site's chrome and the archive's own parts.
    for absent in ("Search letters", "Editorial", "Cite this letter", "Table of contents"):
        assert absent not in text, absent


def test_a_signature_is_never_split_across_printed_pages(page: Any, cited_site: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    opened(page, cited_site, LETTER)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    for name, title in (("Dante Pesce", "Chair-Rapporteur of the Working Group"),
                        ("Siobhán Mullally",
                         "Special Rapporteur on trafficking in persons, especially women and children")):
        holding = [i for i, text in enumerate(pages) if name in text]
        assert holding and title in pages[holding[0]], name


def _formats(page: Any) -> dict[str, str]:
    return {summary: page.locator(f"details.sp-cite-format:has(summary:text-is('{summary}')) pre").text_content()
            for summary in ("BibTeX", "RIS", "CSL-JSON")}


def test_the_citation_formats_are_read_back_by_the_libraries_of_reference_managers(page: Any, cited_site: Path) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    rispy = pytest.importorskip("rispy")
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    opened(page, cited_site, LETTER)
    formats = _formats(page)
    url = f"{SITE_URL}{LETTER}"

    library = bibtexparser.parse_string(formats["BibTeX"],
                                        append_middleware=[bibtexparser.middlewares.SeparateCoAuthors()])
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "misc" and entry["url"] == url and entry["year"] == "2021"
    authors = entry["author"]  # seven mandates, each one institutional author, kept whole by its braces
    assert len(authors) == 7
    assert authors[-1] == "{Special Rapporteur on trafficking in persons, especially women and children}"

    (record,) = rispy.loads(formats["RIS"])
    assert record["type_of_reference"] == "GEN" and record["urls"] == [url] and len(record["authors"]) == 7

    (item,) = json.loads(formats["CSL-JSON"])
    assert item["issued"]["date-parts"] == [[2021, 3, 12]] and len(item["author"]) == 7
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)  # bundled with citeproc-py
    bibliography = citeproc.CitationStylesBibliography(style, CiteProcJSON([item]), citeproc.formatter.plain)
    bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"].lower())]))
    formatted = str(bibliography.bibliography()[0])
    assert "(2021)" in formatted and "“Allegation letter to Haier Group Corporation (AL OTH 102/2021)”" in formatted
    assert f"Available at: {url}" in formatted

    plain = page.locator(".sp-cite-plain").inner_text()
    assert "AL OTH 102/2021, 12 March 2021" in plain and url in plain and "as of 26 November 2026" in plain


def test_the_page_head_tells_reference_managers_what_the_letter_is(page: Any, cited_site: Path) -> None:
    opened(page, cited_site, LETTER)
    meta = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('meta[name^=citation_]')]
        .map(m => [m.name, m.content]))""")
    assert meta["citation_title"] == "Allegation letter to Haier Group Corporation (AL OTH 102/2021)"
    assert meta["citation_date"] == "2021/03/12" and meta["citation_public_url"] == f"{SITE_URL}{LETTER}"
    assert page.locator("link[rel=canonical]").get_attribute("href") == f"{SITE_URL}{LETTER}"
    sitemap = (cited_site / "sitemap.xml").read_text()
    assert f"<loc>{SITE_URL}{LETTER}</loc>" in sitemap and "<lastmod>2026-11-26</lastmod>" in sitemap


def test_the_footer_says_how_to_report_a_transcription_error(page: Any, cited_site: Path) -> None:
    opened(page, cited_site, LETTER)
    report = page.locator(".md-footer .sp-report a")
    report.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("about/#reporting-an-error")
    assert "Correction" in page.locator("#reporting-an-error + p").inner_text()
    assert (REPO / ".github/ISSUE_TEMPLATE/correction.yml").is_file()
