"""Search in a real browser: Debian's chromium through Playwright, on sites built by real MkDocs.

The synthetic archive has 58 letters: AL OTH 1/2021 (about cobalt refineries, replied),
AL CHE 2/2021 (to Switzerland, with the mandate "SYNTHETIC wg-other"), UA OTH 3/2026
(the newest) and 55 letters of 2020 to "SYNTHETIC Paged Corp" in France.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import PAGED_LETTERS, serve

from generator.search.tokens import words

LETTERS = 3 + PAGED_LETTERS
QUICK = "#sp-quick .sp-result:not(.sp-result--loading) .sp-result__title"
RESULT = "[data-sp-results] .sp-result:not(.sp-result--loading)"
TITLES = RESULT + " .sp-result__title"
STATUS = "[data-sp-status]"


def quick_titles(page: Any, base: str, term: str, start: str = "") -> list[str]:
    """Open `start`, type `term` in the header's search box, return the titles of the quick results."""
    page.goto(base + start)
    page.fill("#sp-q", term)
    page.wait_for_selector(QUICK, timeout=15_000)
    return page.locator(QUICK).all_inner_texts()


READY = "[data-sp-page][data-sp-ready]"
"""The search page once its results and facet counts are both those of the current search."""


def open_search(page: Any, base: str, query: str = "") -> None:
    """Open the search page at `search/?query` and wait for its results and counts."""
    page.goto(base + "search/" + (f"?{query}" if query else ""))
    page.wait_for_selector(READY, state="attached", timeout=15_000)


def status(page: Any) -> str:
    return page.locator(STATUS).inner_text()


def facet_box(page: Any, facet: str, value: str) -> Any:
    group = page.locator("fieldset.sp-facet", has=page.locator("legend", has_text=facet))
    return group.locator("label.sp-facet__value", has=page.locator(".sp-facet__label", has_text=value))


def wait_for_status(page: Any, pattern: str) -> None:
    """Wait until the status matches `pattern` and the results and counts are current."""
    page.wait_for_function(
        f"/{pattern}/.test(document.querySelector('{STATUS}')?.textContent ?? '') && document.querySelector('{READY}')"
        f" && !document.querySelector('[data-sp-results] .sp-result--loading')",
        timeout=15_000,
    )


def test_the_browser_splits_words_exactly_as_the_index_does(page: Any, synthetic_site: Path) -> None:
    sample = "Réfugiés, RÉFÉRENCE : AL OTH 102/2021 — Türkiye’s Ǆemal ½ co-operation naïve Ⅻ İstanbul ﬁnance x²"
    page.goto(serve(synthetic_site))
    assert page.evaluate("text => window.spArchiveSearch.words(text)", sample) == words(sample)


def test_a_phrase_from_a_letter_finds_it_as_the_reader_types(page: Any, synthetic_site: Path) -> None:
    titles = quick_titles(page, serve(synthetic_site), "cobalt refineries", "communications/al-che-2-2021/")
    assert titles == ["AL OTH 1/2021"]


def test_the_beginning_of_a_word_finds_the_word(page: Any, synthetic_site: Path) -> None:
    assert quick_titles(page, serve(synthetic_site), "cobalt refin") == ["AL OTH 1/2021"]


def test_enter_opens_the_search_page_with_the_query_in_its_url(page: Any, synthetic_site: Path) -> None:
    base = serve(synthetic_site)
    quick_titles(page, base, "cobalt", "about/")
    page.press("#sp-q", "Enter")
    page.wait_for_url("**/search/?q=cobalt")
    wait_for_status(page, "^1 letter matches")
    assert page.locator(TITLES).all_inner_texts() == ["AL OTH 1/2021"]
    assert page.input_value("#sp-page-q") == "cobalt"


def test_a_result_shows_addressee_date_type_reply_and_an_excerpt_of_the_letter(page: Any, synthetic_site: Path) -> None:
    open_search(page, serve(synthetic_site), "q=cobalt+refineries")
    result = page.locator(RESULT).first
    facts = result.locator(".sp-result__facts")
    assert facts.inner_text() == "SYNTHETIC Company Ltd · 12 March 2021 · Allegation letter · Reply received"
    assert facts.locator("time").get_attribute("datetime") == "2021-03-12"
    page.wait_for_selector(RESULT + " .sp-result__excerpt mark")
    excerpt = result.locator(".sp-result__excerpt")
    assert excerpt.inner_text() == "We write about cobalt refineries near the river. This is synthetic."
    assert excerpt.locator("mark").all_inner_texts() == ["cobalt", "refineries"]


def test_a_result_opens_the_letter_page(page: Any, synthetic_site: Path) -> None:
    open_search(page, serve(synthetic_site), "q=cobalt")
    page.locator(TITLES, has_text="AL OTH 1/2021").click()
    page.wait_for_url("**/communications/al-oth-1-2021/?highlight=cobalt#p1")
    assert page.locator("h1").first.inner_text() == "AL OTH 1/2021"


def test_filters_browse_the_whole_archive_without_a_query(page: Any, synthetic_site: Path) -> None:
    open_search(page, serve(synthetic_site))
    assert status(page) == f"{LETTERS} letters and 1 reply"
    assert page.locator(TITLES).first.inner_text() == "UA OTH 3/2026"  # newest first when there is no query
    count = facet_box(page, "Addressee", "SYNTHETIC Paged Corp").locator(".sp-facet__count").inner_text()
    assert count == str(PAGED_LETTERS)
    facet_box(page, "Mandate", "SYNTHETIC wg-other").locator("input").check()
    wait_for_status(page, "^1 letter$")
    assert page.locator(TITLES).all_inner_texts() == ["AL CHE 2/2021"]
    assert parse_qs(urlsplit(page.url).query) == {"mandate": ["SYNTHETIC wg-other"]}


def citing(site: Path, norm: str) -> set[str]:
    """The references of the letters citing `norm` (an allegation's norm or an annex citation) or, for an instrument,
    one of its provisions, read from the published records (data/records/)."""
    found: set[str] = set()
    for path in site.glob("data/records/letters-*.jsonl.gz"):
        for line in gzip.decompress(path.read_bytes()).splitlines():
            record = json.loads(line)["record"]
            norms = {n["norm"] for a in record["allegations"] for n in a["norms"]}
            norms |= {c["norm"] for s in record["sections"] for p in s["paragraphs"] for c in p.get("cites") or ()}
            if norm in norms or any(n.startswith(f"{norm}-") for n in norms):
                found.add(record["reference"])
    return found


def test_an_instrument_page_lists_every_letter_citing_it_through_the_search(page: Any, synthetic_site: Path) -> None:
    page.goto(serve(synthetic_site) + "norms/testi/")
    lead = page.locator(".sp-cited-by")
    count = int(lead.inner_text().split()[0].replace(",", ""))
    lead.locator("a", has_text="List them in the search").click()
    page.wait_for_url("**/search/?*")
    wait_for_status(page, f"^{count} letters$")
    assert len(citing(synthetic_site, "TESTI")) == count
    assert set(page.locator(TITLES).all_inner_texts()) <= citing(synthetic_site, "TESTI")
    assert parse_qs(urlsplit(page.url).query) == {"instrument": ["TESTI"], "document": ["Letter"]}


def test_a_provision_page_shows_the_newest_citations_and_the_search_lists_them_all(page: Any,
                                                                                   synthetic_site: Path) -> None:
    from generator.render.norm import NEWEST

    page.goto(serve(synthetic_site) + "norms/testi-1/")
    letters = citing(synthetic_site, "TESTI-1")
    assert len(letters) > NEWEST  # the synthetic archive's paged addressee cites it in every letter
    shown = page.locator(".sp-citations tbody tr td:first-child").all_inner_texts()
    assert len(shown) == NEWEST and set(shown) <= letters
    assert not (synthetic_site / "norms/testi-1/page").exists()
    lead = page.locator(".sp-cited-by")
    assert lead.inner_text().startswith(f"{len(letters)} letters cite it; the {NEWEST} newest are below")
    # Followed over time: each year's count opens the search on that year's letters citing it.
    follow_years_and_search(page, lead, len(letters))
    assert parse_qs(urlsplit(page.url).query) == {"norm": ["TESTI, Article 1"], "document": ["Letter"]}
    assert facet_box(page, "Norm cited", "TESTI, Article 1").locator("input").is_checked()


def follow_years_and_search(page: Any, lead: Any, letters: int) -> None:
    """A bounded page's counts by year add up to its `letters`; the first year opens the search on that year's
    letters, and the lead's link opens it on them all."""
    years = page.locator(".sp-by-year a")
    counted = [int(n) for n in re.findall(r"\((\d+)\)", page.locator(".sp-by-year").inner_text())]
    assert sum(counted) == letters and years.count() == len(counted)
    years.first.click()
    page.wait_for_url("**/search/?*")
    wait_for_status(page, f"^{counted[0]} letters?$")
    page.go_back()
    lead.locator("a", has_text="in the search").click()
    page.wait_for_url("**/search/?*")
    wait_for_status(page, f"^{letters} letters$")


def published(site: Path, belongs: Any) -> dict[str, str]:
    """Reference → date sent of the published letters (data/records/) whose record `belongs`."""
    found: dict[str, str] = {}
    for path in site.glob("data/records/letters-*.jsonl.gz"):
        for line in gzip.decompress(path.read_bytes()).splitlines():
            record = json.loads(line)["record"]
            if belongs(record):
                found[record["reference"]] = record["date_sent"]
    return found


@pytest.mark.parametrize(("url", "facet", "value", "belongs"), [
    ("addressees/synthetic-paged-corp/", "Addressee", "SYNTHETIC Paged Corp",
     lambda record: record["addressee"]["name"] == "SYNTHETIC Paged Corp"),
    ("types/ol/", "Type", "Other letter", lambda record: record["reference"].startswith("OL ")),
])
def test_a_group_page_shows_its_newest_letters_and_the_search_lists_them_all(
    page: Any, synthetic_site: Path, url: str, facet: str, value: str, belongs: Any
) -> None:
    from generator.render.common import NEWEST

    letters = published(synthetic_site, belongs)
    assert len(letters) > NEWEST
    page.goto(serve(synthetic_site) + url)
    shown = page.locator(".sp-table tbody tr td:first-child").all_inner_texts()
    dates = page.locator(".sp-table tbody tr time").evaluate_all("times => times.map(t => t.dateTime)")
    assert len(shown) == NEWEST and set(shown) <= set(letters) and dates == sorted(dates, reverse=True)
    left_out = set(letters) - set(shown)
    assert max(letters[reference] for reference in left_out) <= min(dates)  # the newest, not any 50
    assert not (synthetic_site / url / "page").exists()
    lead = page.locator(".sp-listed")
    assert lead.inner_text().startswith(f"{len(letters)} letters; the {NEWEST} newest are below")
    follow_years_and_search(page, lead, len(letters))
    assert parse_qs(urlsplit(page.url).query) == {facet.lower(): [value], "document": ["Letter"]}
    assert facet_box(page, facet, value).locator("input").is_checked()


def test_facet_counts_are_exact_and_values_of_one_facet_add_up(page: Any, synthetic_site: Path) -> None:
    open_search(page, serve(synthetic_site), "q=synthetic")
    assert status(page) == f"{LETTERS} letters and 1 reply match “synthetic”"
    counts = {
        box.locator(".sp-facet__label").inner_text(): int(box.locator(".sp-facet__count").inner_text())
        for box in page.locator("fieldset.sp-facet", has=page.locator("legend", has_text="Country"))
        .locator("label").all()
    }
    # Switzerland: three letters, and the reply to AL OTH 1/2021, whose country is its letter's.
    assert counts == {"France": PAGED_LETTERS, "Switzerland": 4}
    facet_box(page, "Country", "France").locator("input").check()
    wait_for_status(page, f"^{PAGED_LETTERS} letters")
    # Within the ticked facet the other values keep their counts (ticking Switzerland too would add 4).
    assert facet_box(page, "Country", "Switzerland").locator(".sp-facet__count").inner_text() == "4"
    assert facet_box(page, "Year", "2020").locator(".sp-facet__count").inner_text() == str(PAGED_LETTERS)
    assert facet_box(page, "Year", "2021").count() == 0
    facet_box(page, "Country", "Switzerland").locator("input").check()
    wait_for_status(page, f"^{LETTERS} letters")


def test_changing_the_order_keeps_the_query_the_filters_and_the_focus(page: Any, synthetic_site: Path) -> None:
    open_search(page, serve(synthetic_site), "q=synthetic&country=Switzerland")
    assert status(page) == "3 letters and 1 reply match “synthetic”"
    page.focus("select[name=order]")
    page.select_option("select[name=order]", "oldest")
    page.wait_for_function(f"document.querySelector('{TITLES}').textContent === 'AL CHE 2/2021'", timeout=15_000)
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    # Sent the same day, the two 2021 letters come in reference order; the reply in its own date's place.
    assert page.locator(TITLES).all_inner_texts() == [
        "AL CHE 2/2021", "AL OTH 1/2021", "Reply to AL OTH 1/2021", "UA OTH 3/2026"
    ]
    assert page.evaluate("document.activeElement.name") == "order"
    assert facet_box(page, "Country", "Switzerland").locator("input").is_checked()
    assert page.input_value("#sp-page-q") == "synthetic"
    page.select_option("select[name=order]", "newest")
    page.wait_for_function(f"document.querySelector('{TITLES}').textContent === 'UA OTH 3/2026'", timeout=15_000)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["synthetic"], "order": ["newest"], "country": ["Switzerland"]}


def test_a_shared_search_url_restores_the_same_search(page: Any, browser: Any, synthetic_site: Path) -> None:
    open_search(page, serve(synthetic_site), "q=synthetic")
    facet_box(page, "Addressee", "SYNTHETIC Paged Corp").locator("input").check()
    page.select_option("select[name=order]", "oldest")
    page.wait_for_function("location.search.includes('order=oldest')")
    wait_for_status(page, f"^{PAGED_LETTERS} letters")
    shown = page.locator(TITLES).all_inner_texts()
    other = browser.new_context().new_page()
    other.goto(page.url)
    wait_for_status(other, f"^{PAGED_LETTERS} letters")
    assert other.locator(TITLES).all_inner_texts() == shown
    earliest = min(f"OL OTH {n}/2020" for n in range(10, 10 + PAGED_LETTERS) if n % 28 == 0)  # sent on 1 January 2020
    assert shown[0] == earliest and len(shown) == 10
    assert other.locator("select[name=order]").input_value() == "oldest"
    assert facet_box(other, "Addressee", "SYNTHETIC Paged Corp").locator("input").is_checked()
    other.context.close()


def test_more_results_come_in_order_after_the_first_page(page: Any, synthetic_site: Path) -> None:
    open_search(page, serve(synthetic_site), "order=oldest")
    first = page.locator(TITLES).all_inner_texts()
    page.click("[data-sp-more]")
    page.wait_for_function(f"document.querySelectorAll('{RESULT}').length === 20")
    titles = page.locator(TITLES).all_inner_texts()
    assert titles[:10] == first and len(set(titles)) == 20


def test_search_is_usable_by_keyboard_alone(page: Any, synthetic_site: Path) -> None:
    page.goto(serve(synthetic_site) + "about/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "sp-q"
    page.keyboard.type("cobalt refineries")
    page.wait_for_selector(QUICK, timeout=15_000)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#sp-quick .sp-result__title')"):
            break
    else:
        pytest.fail("no search result is reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/communications/al-oth-1-2021/?highlight=*")


def test_search_fits_a_phone_screen(browser: Any, synthetic_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(serve(synthetic_site) + "communications/al-oth-1-2021/")
    button = page.locator("a.sp-search__open")
    assert button.is_visible() and not page.locator("#sp-q").is_visible()
    button.click()
    page.wait_for_url("**/search/")
    page.fill("#sp-page-q", "synthetic")
    wait_for_status(page, "letters and 1 reply match")
    filters = page.locator("details.sp-filters")
    assert filters.get_attribute("open") is None  # folded: the results come first on a phone
    assert page.locator(RESULT).first.bounding_box()["y"] < 844
    page.click("details.sp-filters > summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#sp-page-q").bounding_box()
    assert box["x"] >= 0 and box["width"] >= 250
    for selector in (".sp-facet__label", RESULT, "select[name=order]", "summary"):
        for element in page.locator(selector).all()[:10]:
            edge = element.bounding_box()
            assert edge["x"] >= 0 and edge["x"] + edge["width"] <= 390, selector
    context.close()


def test_search_works_under_a_sub_path(page: Any, synthetic_site: Path, tmp_path: Path) -> None:
    (tmp_path / "archive").symlink_to(synthetic_site, target_is_directory=True)
    titles = quick_titles(page, serve(tmp_path), "cobalt refineries", "archive/communications/al-che-2-2021/")
    assert titles == ["AL OTH 1/2021"]
    page.locator(QUICK, has_text="AL OTH 1/2021").click()
    page.wait_for_url("**/archive/communications/al-oth-1-2021/?highlight=*")


def test_a_phrase_from_the_seed_letter_finds_it(page: Any, real_site: Path) -> None:
    titles = quick_titles(page, serve(real_site), "transferred to work in factories in and outside Xinjiang")
    assert titles == ["AL OTH 102/2021"]


def test_escape_and_a_click_outside_close_the_quick_results(page: Any, synthetic_site: Path) -> None:
    base = serve(synthetic_site)
    quick_titles(page, base, "cobalt refineries")
    box = page.locator("#sp-q")
    assert page.locator("#sp-quick").is_visible() and box.get_attribute("aria-expanded") == "true"
    box.press("Escape")
    assert page.locator("#sp-quick").is_hidden() and box.get_attribute("aria-expanded") == "false"
    quick_titles(page, base, "cobalt refineries")
    page.mouse.click(20, 400)  # on the page, away from the search box
    assert page.locator("#sp-quick").is_hidden() and box.get_attribute("aria-expanded") == "false"
