"""What readers type, in a real browser: stems in three languages, phrases, OR and NOT, replies, references,
spelling variants, joined and split words, ranking, excerpts that link to their paragraph, and bad queries.

The site is built by real MkDocs from a small SYNTHETIC archive in which each behaviour has a letter
or a reply planted for it; search runs in Debian's chromium through Playwright.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import synthetic
from conftest import REPO, built, serve

from generator.search.analysis import reference_keys
from generator.search.stems import LANGUAGES, stem
from generator.search.tokens import split

HAIER = "SYNTHETIC Haier Group Corporation"
RESULT = "[data-sp-results] .sp-result:not(.sp-result--loading)"
TITLES = RESULT + " .sp-result__title"
READY = "[data-sp-page][data-sp-ready]"


def letter(reference: str, *paragraphs: str, language: str = "en", sent: date = date(2021, 3, 12),
           **overrides: Any) -> dict:
    """A SYNTHETIC letter whose opening paragraphs are `paragraphs` (the rest of its text says nothing planted)."""
    record = synthetic.communication(reference, sent, language=language, **overrides)
    record["sections"][0]["paragraphs"] = [{"id": f"p{n + 1}", "text": text} for n, text in enumerate(paragraphs)]
    record["sections"][1]["paragraphs"][0]["id"] = f"p{len(paragraphs) + 1}"
    record["sections"][2]["paragraphs"][0]["id"] = f"p{len(paragraphs) + 2}"
    record["footnotes"][0]["paragraph"] = record["allegations"][0]["paragraph"] = f"p{len(paragraphs) + 1}"
    return record


def search_archive(root: Path) -> Path:
    haier = {"kind": "company", "name": HAIER, "country": "CHN"}
    letters = [
        letter("AL OTH 102/2021", "SYNTHETIC. Uyghur workers were sent to factories in Xinjiang.",
               "They were kept in forced labour for months. SYNTHETIC.",
               "The principle of non-refoulement applies; write to us by e-mail.", addressee=haier),
        letter("AL OTH 5/2021", "SYNTHETIC. The detainees were tortured in custody and the arrests went on.",
               addressee=haier),
        letter("AL OTH 6/2021", "SYNTHETIC. Torture is prohibited, and the torture of detainees was alleged."),
        letter("AL MEX 5/2020", "SYNTHETIC. The labour inspectors found the workers were forced to stay.",
               sent=date(2020, 6, 1), addressee={"kind": "state", "name": "Mexico", "country": "MEX"},
               salutation="Excellency,"),
        letter("AL MEX 6/2020", "SYNTHETIC. We refer to the decision 5/2020 of the court.", sent=date(2020, 7, 1),
               addressee={"kind": "state", "name": "Mexico", "country": "MEX"}, salutation="Excellency,"),
        letter("AL HND 102/2016", "SYNTHETIC. We and others write about the others.", sent=date(2016, 5, 1),
               addressee={"kind": "state", "name": "Honduras", "country": "HND"}, salutation="Excellency,"),
        letter("AL OTH 7/2021", "SYNTHETIC. The child was taken from the family."),
        letter("AL OTH 8/2021",
               "SYNTHETIC. Childhood, childhood and childbirth: childhood care, childbirth care, childhood."),
        letter("AL OTH 9/2021", "SYNTHETIC. Uighur farmers reported forced labor in cotton fields. Send an email.",
               "The nonrefoulement principle applies."),
        letter("UA FRA 3/2021", "SYNTHETIC. Les travailleurs licenciés ont été détenus.", language="fr",
               addressee={"kind": "state", "name": "France", "country": "FRA"}, salutation="Excellence,"),
        letter("AL ESP 4/2021", "SYNTHETIC. Las familias desalojadas fueron desalojados de sus viviendas.",
               language="es", addressee={"kind": "state", "name": "Spain", "country": "ESP"}, salutation="Excelencia:"),
        letter("AL OTH 11/2021", "SYNTHETIC. A letter signed by a rapporteur named below.",
               signatories=[{"name": "SYNTHETIC Ximena Quillabamba", "title": "Special Rapporteur on testing",
                             "mandate": "sr-testing"}]),
        # Every pair of the phrase "river of cobalt mines", but not the phrase; and markup as text, never as HTML.
        letter("AL OTH 12/2021",
               'SYNTHETIC. A river of cobalt runs past the cobalt mines <img src=x onerror="document.title=1">; '
               "the river of cobalt feeds the cobalt mines."),  # every pair twice: ranked first by the pairs alone
        letter("AL OTH 13/2021", "SYNTHETIC. The river of cobalt mines waste."),
    ]
    reply = synthetic.reply("AL OTH 102/2021", date(2021, 5, 10),
                            sender={"kind": "company", "name": HAIER, "person": "SYNTHETIC Li Wei"},
                            paragraphs=[{"id": "p1", "text": "SYNTHETIC reply."},
                                        {"id": "p2",
                                         "text": "The company denies the allegations about its suppliers in Qingdao."}])
    synthetic.write_archive(root, communications=letters, replies=[reply])
    settings = synthetic.archive_settings(spelling_variants=[["labour", "labor"], ["Uyghur", "Uighur"]])
    synthetic.dump(settings, root / "archive.yaml")
    return root


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = search_archive(tmp_path_factory.mktemp("queries") / "content")
    return built(content, content.parent / "site")


def found(page: Any, base: str, query: str, size: int = 20, **filters: list[str]) -> tuple[int, list[str]]:
    """(number of results, titles of the first `size`) for `query` through search.js's API."""
    if not page.url.startswith(base):
        page.goto(base)
    answer = page.evaluate(
        "([q, size, filters]) => window.spArchiveSearch.results({q, order: '', filters}, size)"
        ".then(r => ({count: r.count, "
        "titles: r.results.map(x => (x.card.kind === 'reply' ? 'Reply to ' : '') + x.card.reference)}))",
        [query, size, filters],
    )
    return answer["count"], answer["titles"]


def titles(page: Any, base: str, query: str, **filters: list[str]) -> list[str]:
    return found(page, base, query, **filters)[1]


def open_search(page: Any, base: str, query: str) -> None:
    page.goto(base + "search/?q=" + query)
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    page.wait_for_function("!document.querySelector('[data-sp-results] .sp-result--loading')")


# ---------------------------------------------------------------- the same stems in Python and the browser

def vocabulary(folder: Path) -> set[str]:
    forms: set[str] = set()
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".md"):
            forms.update(word.form for word in split(path.read_text(encoding="utf-8", errors="replace")))
    return forms


def test_the_browser_stems_every_word_of_the_archive_as_the_index_does(page: Any, search_site: Path) -> None:
    forms = vocabulary(search_site.parent / "content") | vocabulary(REPO / "content")
    norms = REPO.parent / "shared" / "sources" / "norms"  # the words bench/synthetic_archive.py draws its letters from
    if norms.is_dir():
        forms |= vocabulary(norms)
    assert len(forms) > 500
    asked = sorted(forms)
    page.goto(serve(search_site))
    for language in LANGUAGES:
        browser_stems = page.evaluate(
            "([language, forms]) => Promise.all(forms.map(f => window.spArchiveSearch.stem(language, f)))",
            [language, asked],
        )
        differing = [(f, b, stem(language, f))
                     for f, b in zip(asked, browser_stems, strict=True) if b != stem(language, f)]
        assert differing == [], language


def test_the_browser_splits_words_and_forms_exactly_as_the_index_does(page: Any, search_site: Path) -> None:
    sample = ("Réfugiés, RÉFÉRENCE : AL OTH 102/2021 — Türkiye’s Ǆemal ½ non-refoulement naïve Ⅻ İstanbul ﬁnance x² "
              "LICENCIÉS")
    page.goto(serve(search_site))
    split_there = page.evaluate("text => window.spArchiveSearch.split(text)", sample)
    assert split_there == [{"key": w.key, "form": w.form} for w in split(sample)]


# ---------------------------------------------------------------- stems, variants, joined words

def test_a_stemmed_form_finds_the_letters_that_use_another(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    assert set(titles(page, base, "tortures")) == {"AL OTH 5/2021", "AL OTH 6/2021"}
    assert titles(page, base, "arrest") == ["AL OTH 5/2021"]
    assert titles(page, base, "licenciement") == ["UA FRA 3/2021"]
    assert titles(page, base, "desalojo") == ["AL ESP 4/2021"]


def test_a_reader_can_stem_in_one_language_only(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    assert titles(page, base, "licenciement", language=["French"]) == ["UA FRA 3/2021"]
    assert titles(page, base, "licenciement", language=["English"]) == []


def test_the_exact_word_ranks_above_its_stem_and_its_stem_above_a_prefix(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    assert titles(page, base, "tortured")[:2] == ["AL OTH 5/2021", "AL OTH 6/2021"]
    assert titles(page, base, "torture")[:2] == ["AL OTH 6/2021", "AL OTH 5/2021"]
    # "child" begins "childhood" four times and "childbirth" twice in AL OTH 8/2021, but the letter holding the word
    # comes first
    assert titles(page, base, "child")[0] == "AL OTH 7/2021"


def test_the_editors_spelling_variants_find_each_other(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    assert (set(titles(page, base, "Uighur")) == set(titles(page, base, "Uyghur"))
            == {"AL OTH 102/2021", "AL OTH 9/2021"})
    assert set(titles(page, base, '"forced labor"')) == {"AL OTH 102/2021", "AL OTH 9/2021"}


def test_hyphenated_words_match_their_joined_and_split_forms(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    both = {"AL OTH 102/2021", "AL OTH 9/2021"}
    assert set(titles(page, base, "nonrefoulement")) == set(titles(page, base, "non-refoulement")) == both
    assert set(titles(page, base, "email")) == set(titles(page, base, "e-mail")) == both


# ---------------------------------------------------------------- phrases, OR, NOT

def test_a_quoted_phrase_finds_its_words_together_and_in_order_only(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    assert "AL MEX 5/2020" in titles(page, base, "forced labour")  # both words, apart
    assert set(titles(page, base, '"forced labour"')) == {"AL OTH 102/2021", "AL OTH 9/2021"}
    assert titles(page, base, '"labour forced"') == []
    assert titles(page, base, '"kept in forced labour for months"') == ["AL OTH 102/2021"]
    assert titles(page, base, '"kept in forced months"') == []


def test_a_longer_phrase_is_checked_on_the_text_of_each_result_shown(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    assert found(page, base, '"river of cobalt mines"') == (1, ["AL OTH 13/2021"])  # AL OTH 12/2021 has its pairs only
    # the next is checked in its place
    assert found(page, base, '"river of cobalt mines"', size=1) == (1, ["AL OTH 13/2021"])
    assert set(titles(page, base, '"of cobalt"')) == {"AL OTH 12/2021", "AL OTH 13/2021"}
    open_search(page, base, '"river of cobalt mines"')
    assert page.locator(TITLES).all_inner_texts() == ["AL OTH 13/2021"]
    assert page.locator("[data-sp-more]").is_hidden()
    assert page.locator("[data-sp-status]").inner_text() == "1 letter matches “\"river of cobalt mines\"”"
    assert page.locator(RESULT + " .sp-result__excerpt mark").all_inner_texts() == ["river", "of", "cobalt", "mines"]


def test_or_finds_either_word_and_not_or_a_minus_excludes_one(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    assert set(titles(page, base, "Qingdao OR Xinjiang")) == {"AL OTH 102/2021", "Reply to AL OTH 102/2021"}
    haier = set(titles(page, base, "Haier"))
    assert haier == {"AL OTH 102/2021", "AL OTH 5/2021", "Reply to AL OTH 102/2021"}
    assert (set(titles(page, base, "Haier -Xinjiang")) == set(titles(page, base, "Haier NOT Xinjiang"))
            == haier - {"AL OTH 102/2021"})
    assert set(titles(page, base, 'Haier -"forced labour"')) == haier - {"AL OTH 102/2021"}


# ---------------------------------------------------------------- replies, references, names

def test_a_reply_is_a_result_of_its_own(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    open_search(page, base, "Qingdao")
    assert page.locator("[data-sp-status]").inner_text() == "1 reply matches “Qingdao”"
    result = page.locator(RESULT).first
    assert result.locator(".sp-result__title").inner_text() == "Reply to AL OTH 102/2021"
    assert result.locator(".sp-result__facts").inner_text() == f"From {HAIER} · 10 May 2021 · Reply"
    page.wait_for_selector(RESULT + " .sp-result__excerpt mark")
    # Read from the letter's page, from the reply's own paragraphs.
    # eight words before
    assert (result.locator(".sp-result__excerpt").inner_text()
            == "… company denies the allegations about its suppliers in Qingdao.")
    href = result.locator(".sp-result__title").get_attribute("href")
    assert urlsplit(href).path.endswith("/communications/al-oth-102-2021/")
    assert urlsplit(href).fragment == "reply-2021-05-10-p2"
    document = page.locator("fieldset.sp-facet", has=page.locator("legend", has_text="Document"))
    assert document.locator(".sp-facet__label").all_inner_texts() == ["Reply"]


@pytest.mark.parametrize("query",
                         ["AL OTH 102/2021", "OTH 102/2021", "102/2021", "al-oth-102-2021", "OTH 102", "AL OTH 102"])
def test_a_query_shaped_like_a_reference_puts_that_letter_first(page: Any, search_site: Path, query: str) -> None:
    assert titles(page, serve(search_site), query)[0] == "AL OTH 102/2021"


def test_a_number_and_year_put_that_letter_before_letters_citing_them(page: Any, search_site: Path) -> None:
    assert titles(page, serve(search_site), "5/2020")[0] == "AL MEX 5/2020"
    assert reference_keys(("AL", "MEX", 5, 2020))[2] == "ref:5 2020"


def test_a_name_in_the_signatures_outranks_nothing_and_says_where_it_matched(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    open_search(page, base, "Quillabamba")
    result = page.locator(RESULT).first
    assert result.locator(".sp-result__title").inner_text() == "AL OTH 11/2021"
    assert result.locator(".sp-result__name").inner_text() == "Signed by: SYNTHETIC Ximena Quillabamba"
    open_search(page, base, "Haier")
    first = page.locator(RESULT).first
    assert f"Addressee: {HAIER}" in first.locator(".sp-result__name").all_inner_texts() or \
        f"From: {HAIER}" in first.locator(".sp-result__name").all_inner_texts()
    assert first.locator(".sp-result__name mark").first.inner_text() == "Haier"


# ---------------------------------------------------------------- excerpts, the paragraph, the page's marks

def test_the_excerpt_is_the_paragraph_with_most_query_words_and_the_result_opens_there(page: Any,
                                                                                       search_site: Path) -> None:
    base = serve(search_site)
    open_search(page, base, "Uyghur forced labour")
    result = page.locator(RESULT, has=page.locator(".sp-result__title", has_text="AL OTH 102/2021")).first
    page.wait_for_selector(RESULT + " .sp-result__excerpt mark")
    excerpt = result.locator(".sp-result__excerpt")
    assert excerpt.inner_text() == "They were kept in forced labour for months. SYNTHETIC."  # two query words, not one
    assert excerpt.locator("mark").all_inner_texts() == ["forced", "labour"]
    link = result.locator(".sp-result__title")
    assert urlsplit(link.get_attribute("href")).fragment == "p2"
    assert parse_qs(urlsplit(link.get_attribute("href")).query) == {"highlight": ["Uyghur forced labour"]}
    link.click()
    page.wait_for_url("**/communications/al-oth-102-2021/?highlight=*#p2")
    page.wait_for_selector("html[data-sp-highlighted]", state="attached", timeout=15_000)
    marked = page.locator("#p2 mark.sp-hit").all_inner_texts()
    assert marked == ["forced", "labour"]
    assert "Uyghur" in page.locator("#p1 mark.sp-hit").all_inner_texts()
    box = page.locator("#p2").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_an_excerpt_read_from_a_page_is_text_never_html(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    open_search(page, base, "runs")
    page.wait_for_selector(RESULT + " .sp-result__excerpt mark")
    excerpt = page.locator(RESULT + " .sp-result__excerpt")
    assert excerpt.inner_text() == ('SYNTHETIC. A river of cobalt runs past the cobalt mines '
                                    '<img src=x onerror="document.title=1">; '
                                    "the river of cobalt feeds the cobalt mines.")
    assert page.locator(RESULT + " img").count() == 0 and page.title() != "1"
    assert excerpt.locator("mark").all_inner_texts() == ["runs"]


def test_the_letter_page_marks_stemmed_forms_in_the_letters_language(page: Any, search_site: Path) -> None:
    page.goto(serve(search_site) + "communications/ua-fra-3-2021/?highlight=licenciement")
    page.wait_for_selector("html[data-sp-highlighted]", state="attached", timeout=15_000)
    assert page.locator(".sp-letter mark.sp-hit").all_inner_texts() == ["licenciés"]


# ---------------------------------------------------------------- bad queries

@pytest.mark.parametrize("query", ["***", "& - / ?", "--"])
def test_a_query_without_a_letter_or_digit_says_so_and_claims_no_match(page: Any, search_site: Path,
                                                                       query: str) -> None:
    base = serve(search_site)
    assert found(page, base, query)[0] == 0
    page.goto(base + "search/?" + f"q={query}".replace("&", "%26").replace("?", "%3F").replace("/", "%2F"))
    page.wait_for_function("/Type a word/.test(document.querySelector('[data-sp-status]').textContent)", timeout=15_000)
    assert page.locator(RESULT).count() == 0


def test_a_very_long_query_is_cut_with_a_message(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    open_search(page, base, "+".join(["detainees"] * 60))
    status = page.locator("[data-sp-status]").inner_text()
    assert re.search(r"only its first 200 characters and 16 words were searched", status)
    assert set(page.locator(TITLES).all_inner_texts()) == {"AL OTH 5/2021", "AL OTH 6/2021"}


def test_what_a_reader_types_never_becomes_html(page: Any, search_site: Path) -> None:
    base = serve(search_site)
    payload = '<img src=x onerror="window.__pwned=1">Haier'
    page.goto(base + "search/")
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    page.fill("#sp-page-q", payload)
    page.wait_for_function("/Haier/.test(document.querySelector('[data-sp-status]').textContent)", timeout=15_000)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-sp-page] img").count() == 0
    assert payload in page.locator("[data-sp-status]").inner_text()
