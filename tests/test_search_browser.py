"""Search in a real browser: Debian's chromium through Playwright, on sites built by real MkDocs and Pagefind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import serve

RESULT = ".pagefind-ui__result"
RESULT_LINK = ".pagefind-ui__result-link:not(.pagefind-ui__result-nested *)"
"""The link of a result page, not of its sub-results (headings)."""
MESSAGE = ".pagefind-ui__message"


LOADING = ".pagefind-ui__loading"


def settled(page: Any) -> None:
    """Wait until the UI shows its count and every shown result has loaded (Pagefind fills them in one by one)."""
    page.wait_for_function(
        f"document.querySelector('{MESSAGE}') && /result/.test(document.querySelector('{MESSAGE}').textContent)"
        f" && document.querySelector('{RESULT_LINK}') && !document.querySelector('{LOADING}')",
        timeout=15_000,
    )


def search(page: Any, base: str, term: str, start: str = "") -> list[str]:
    """Open `start`, type `term` in the header search, return the titles of the results."""
    page.goto(base + start)
    page.fill("#sp-search input", term)
    page.wait_for_selector(RESULT, timeout=15_000)
    settled(page)
    return page.locator(RESULT_LINK).all_inner_texts()


def result_count(page: Any) -> int:
    return int(page.locator(MESSAGE).inner_text().split()[0])


def test_a_phrase_from_a_letter_finds_it(page: Any, synthetic_site: Path) -> None:
    titles = search(page, serve(synthetic_site), "cobalt refineries", "communications/al-che-2-2021/")
    assert "AL OTH 1/2021" in titles


def test_a_search_result_opens_the_letter_page(page: Any, synthetic_site: Path) -> None:
    search(page, serve(synthetic_site), "cobalt refineries")
    page.locator(RESULT_LINK, has_text="AL OTH 1/2021").first.click()
    page.wait_for_url("**/communications/al-oth-1-2021/**")
    assert page.locator("h1").first.inner_text() == "AL OTH 1/2021"


def test_a_mandate_filter_narrows_the_results(page: Any, synthetic_site: Path) -> None:
    search(page, serve(synthetic_site), "synthetic")
    everything = result_count(page)
    page.locator(".pagefind-ui__filter-name", has_text="Mandate").click()
    page.locator("label", has_text="SYNTHETIC wg-other").click()
    # The UI updates its message more than once while it searches: wait for it to settle on one result.
    page.wait_for_function(f"/^1 result/.test(document.querySelector('{MESSAGE}').textContent)", timeout=15_000)
    settled(page)
    assert result_count(page) == 1 < everything
    assert page.locator(RESULT_LINK).all_inner_texts() == ["AL CHE 2/2021"]


def test_search_is_usable_by_keyboard_alone(page: Any, synthetic_site: Path) -> None:
    page.goto(serve(synthetic_site) + "about/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('#sp-search input')")
    page.keyboard.type("cobalt refineries")
    page.wait_for_selector(RESULT, timeout=15_000)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('{RESULT_LINK}')"):
            break
    else:
        pytest.fail("no search result is reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/communications/**")
    assert page.locator("h1").first.inner_text() == "AL OTH 1/2021"


def test_results_can_be_ordered_by_date(page: Any, synthetic_site: Path) -> None:
    search(page, serve(synthetic_site), "synthetic")
    first = page.locator(RESULT_LINK).first.inner_text()
    page.select_option("#sp-search-sort", "desc")
    # The UI re-renders when the sorted results arrive: wait for the newest letter to lead.
    newest = "UA OTH 3/2026"
    page.wait_for_function(
        f"(document.querySelector('{RESULT_LINK}') || {{}}).textContent === {newest!r}", timeout=15_000
    )
    assert page.locator(RESULT_LINK).first.inner_text() == newest != first


def test_search_works_under_a_sub_path(page: Any, synthetic_site: Path, tmp_path: Path) -> None:
    (tmp_path / "archive").symlink_to(synthetic_site, target_is_directory=True)
    titles = search(page, serve(tmp_path), "cobalt refineries", "archive/communications/al-che-2-2021/")
    assert "AL OTH 1/2021" in titles
    page.locator(RESULT_LINK, has_text="AL OTH 1/2021").first.click()
    page.wait_for_url("**/archive/communications/al-oth-1-2021/**")


def test_a_phrase_from_the_seed_letter_finds_it(page: Any, real_site: Path) -> None:
    titles = search(page, serve(real_site), "transferred to work in factories in and outside Xinjiang")
    assert "AL OTH 102/2021" in titles
