"""Cross-record views: computed once, answering every question a page asks of other records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import synthetic
from conftest import PAGED_LETTERS, rich_archive

from generator.link.views import Views, link_content, reply_status, slugify
from generator.validate.records import load_content


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> Views:
    content, errors = load_content(rich_archive(tmp_path_factory.mktemp("link") / "content"))
    assert [e for e in errors if not e.warning] == []
    return link_content(content)


def test_letters_are_listed_newest_first(views: Views) -> None:
    dates = [letter.date_sent for letter in views.letters]
    assert dates == sorted(dates, reverse=True)


def test_norm_backlinks_hold_every_allegation_and_annex_citation(views: Views) -> None:
    testi_1 = views.invocations["TESTI-1"]
    cited_by = {(i.letter.reference, i.allegation is not None) for i in testi_1}
    assert cited_by >= {("AL OTH 1/2021", True), ("AL OTH 1/2021", False)}
    assert [i.letter.reference for i in views.invocations["OTHERI-1"]] == ["AL CHE 2/2021"]
    assert views.invocations["OTHERI"][0].citation.pinpoint == "preamble"


def test_instrument_backlinks_include_its_provisions(views: Views) -> None:
    cited = views.instrument_invocations("OTHERI")
    assert {i.norm for i in cited} == {"OTHERI", "OTHERI-1"}


def test_replies_are_grouped_by_the_letter_they_answer(views: Views) -> None:
    assert [r.date for r in views.replies["AL OTH 1/2021"]] == [date(2021, 5, 1)]
    assert "AL CHE 2/2021" not in views.replies


def test_batches_are_linked_both_ways(views: Views) -> None:
    assert views.batch["AL CHE 2/2021"] == ("AL OTH 1/2021",)
    assert views.batch["AL OTH 1/2021"] == ("AL CHE 2/2021",)


def test_references_written_in_the_text_are_found(views: Views) -> None:
    assert views.cited_in_text["AL CHE 2/2021"] == ("AL OTH 1/2021", "AL PAK 4/2018")


def test_reply_status_uses_the_archive_date_not_the_clock(views: Views) -> None:
    assert views.status == {**views.status, "AL OTH 1/2021": "replied", "AL CHE 2/2021": "unanswered",
                            "UA OTH 3/2026": "awaiting"}
    letter = views.by_reference["AL CHE 2/2021"]
    assert reply_status(letter, {}, date(2021, 5, 10)) == "awaiting"
    assert reply_status(letter, {}, date(2021, 5, 11)) == "unanswered"


def test_browse_dimensions_group_letters_with_counts(views: Views) -> None:
    dims = views.dimensions
    assert len(dims["addressees"].by_key["synthetic-paged-corp"].letters) == PAGED_LETTERS
    assert [g.key for g in dims["mandates"].groups] == ["sr-testing", "wg-other"]
    assert len(dims["mandates"].by_key["wg-other"].letters) == 1
    assert [g.key for g in dims["years"].groups] == ["2026", "2021", "2020"]
    assert set(dims["countries"].by_key) == {"che", "fra"}
    assert set(dims["types"].by_key) == {"al", "ua", "ol"}


def test_addressee_keys_are_url_safe_even_without_latin_letters() -> None:
    assert slugify("Haier Group Corporation") == "haier-group-corporation"
    assert slugify("Société Générale S.A.") == "societe-generale-s-a"
    # A name with no Latin letter or digit gets a short hash of itself: stable, since it is a permanent URL,
    # and different for different names.
    assert [slugify(name) for name in ("中国", "日本", "中國")] == ["n-f0e9521611", "n-cf2abf0c5b", "n-75e6939228"]


def test_norm_labels_name_instrument_and_provision(views: Views) -> None:
    assert views.norm_label("TESTI") == "TESTI"
    assert views.norm_label("TESTI-2") == "TESTI, Article 2"


def test_a_one_letter_archive_links(tmp_path: Path) -> None:
    content, _ = load_content(synthetic.write_archive(tmp_path / "content"))
    views = link_content(content)
    assert [letter.reference for letter in views.letters] == ["AL OTH 1/2021"]
    assert views.batch == {} and views.replies == {}
