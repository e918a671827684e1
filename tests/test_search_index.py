"""The search index's files, read back as the browser reads them: postings, facet table, cards, words."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import DAMAGES, PAGED_LETTERS, damage, rich_archive

from generator.link import Views, link_content
from generator.search import IndexReport, search_index
from generator.search.index import META, SHARD_BYTES
from generator.search.tokens import words
from generator.validate import load_content


def linked(root: Path) -> Views:
    content, problems = load_content(root)
    assert not [p for p in problems if not p.warning]
    return link_content(content)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> Views:
    return linked(rich_archive(tmp_path_factory.mktemp("index") / "content"))


@pytest.fixture(scope="module")
def files(views: Views) -> dict[str, bytes]:
    return search_index(views)


def unpacked(files: dict[str, bytes], name: str):
    text = gzip.decompress(files["search/" + name]).decode("utf-8")
    return text if name.startswith("text/") else json.loads(text)


def directory(files: dict[str, bytes]) -> dict:
    """The index file that meta.json names: where every other file is, the facets, the lengths."""
    return unpacked(files, json.loads(files[META])["index"])


def postings(files: dict[str, bytes], word: str) -> list[int]:
    """The numbers of the letters holding `word`, found as search.js finds them."""
    meta = directory(files)
    firsts = [first for first, _ in meta["terms"]]
    shard = max(n for n, first in enumerate(firsts) if first <= word)
    entry = unpacked(files, meta["terms"][shard][1]).get(word)
    if entry is None:
        return []
    numbers, total = [], 0
    for gap in entry[0]:
        total += gap
        numbers.append(total)
    return numbers


def card_of(files: dict[str, bytes], number: int) -> dict[str, str]:
    meta = directory(files)
    return unpacked(files, meta["cards"][number // meta["cards_per_file"]])[number % meta["cards_per_file"]]


def test_words_are_folded_to_lower_case_without_accents() -> None:
    assert words("Réfugiés, RÉFÉRENCE: AL OTH 102/2021 co-operation") == [
        "refugies", "reference", "al", "oth", "102", "2021", "co", "operation",
    ]


def test_every_letter_is_a_document_numbered_oldest_first(views: Views, files: dict[str, bytes]) -> None:
    meta = json.loads(files[META])
    assert meta["documents"] == len(views.letters) == 3 + PAGED_LETTERS
    dates = [card_of(files, n)["date"] for n in range(meta["documents"])]
    assert dates == sorted(dates)
    assert card_of(files, meta["documents"] - 1)["reference"] == "UA OTH 3/2026"


def test_a_word_leads_to_exactly_the_letters_holding_it(files: dict[str, bytes]) -> None:
    cobalt = postings(files, "cobalt")
    assert [card_of(files, n)["reference"] for n in cobalt] == ["AL OTH 1/2021"]
    assert len(postings(files, "synthetic")) == 3 + PAGED_LETTERS
    assert postings(files, "nowhere") == []


def test_the_words_file_holds_the_letters_own_words_and_not_editorial_text(views: Views, files: dict[str, bytes]) -> None:
    number = postings(files, "cobalt")[0]
    text = unpacked(files, card_of(files, number)["text"])
    assert text.splitlines()[:2] == ["Dear Ms. Example,", "We write about cobalt refineries near the river. This is synthetic."]
    assert "Forced work" not in text  # the allegation's editorial title
    assert "SYNTHETIC test record" not in text  # the editorial summary


def test_term_files_cover_contiguous_ranges_in_javascript_string_order(files: dict[str, bytes]) -> None:
    meta = directory(files)
    firsts = [first for first, _ in meta["terms"]]
    utf16 = lambda word: word.encode("utf-16-be")
    assert firsts == sorted(firsts, key=utf16)
    for n, (first, name) in enumerate(meta["terms"]):
        shard = unpacked(files, name)
        assert min(shard, key=utf16) == first
        if n + 1 < len(firsts):
            assert all(utf16(word) < utf16(firsts[n + 1]) for word in shard)
        assert len(shard) == 1 or len(files["search/" + name]) < SHARD_BYTES


def test_the_facet_table_counts_what_the_browse_pages_list(views: Views, files: dict[str, bytes]) -> None:
    meta = directory(files)
    values = unpacked(files, meta["values"])
    for facet, dimension in (("country", "countries"), ("addressee", "addressees"), ("mandate", "mandates"), ("year", "years")):
        stored = values[facet]
        if "of" in stored:  # one value a letter
            counted = {label: stored["of"].count(n) for n, label in enumerate(stored["values"])}
        else:  # several: the letters of each value
            counted = {label: len(stored["letters"][n]) for n, label in enumerate(stored["values"])}
        assert counted == {g.label: len(g.letters) for g in views.dimensions[dimension].groups}, facet
    assert "letters" in values["mandate"] and "of" in values["country"]
    assert values["year"]["values"] == ["2026", "2021", "2020"]
    assert len(meta["lengths"]) == len(views.letters)


def test_the_same_archive_gives_the_same_bytes(views: Views, files: dict[str, bytes]) -> None:
    assert search_index(views) == files


def test_a_changed_letter_renames_only_the_files_whose_content_changed(tmp_path: Path, files: dict[str, bytes]) -> None:
    root = rich_archive(tmp_path / "content")
    record = root / "communications/2021/al-oth-1-2021.yaml"
    record.write_text(record.read_text().replace("cobalt refineries", "nickel smelters"))
    changed = search_index(linked(root))
    kept = (set(changed) & set(files)) - {META}
    assert all(changed[name] == files[name] for name in kept)
    renamed = sorted(name.split("/")[1] for name in set(changed) - set(files) if name != META)
    assert renamed.count("text") == 1 and renamed.count("cards") == 1 and renamed.count("terms") >= 1
    others = [name for name in renamed if not name.startswith(("text", "cards", "terms"))]
    assert len(others) == 1 and others[0].startswith("index-")  # it names the renamed files; the facets stay
    assert len(kept) > 0.9 * len(files)


def test_a_rebuild_analyses_only_the_letters_that_changed(tmp_path: Path, files: dict[str, bytes]) -> None:
    root = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    first = IndexReport()
    assert search_index(linked(root), cache, first) == files
    assert (first.analysed, first.cached) == (3 + PAGED_LETTERS, 0)
    record = root / "communications/2021/al-oth-1-2021.yaml"
    record.write_text(record.read_text().replace("cobalt refineries", "nickel smelters"))
    again = IndexReport()
    rebuilt = search_index(linked(root), cache, again)
    assert (again.analysed, again.cached) == (1, 2 + PAGED_LETTERS)
    assert rebuilt == search_index(linked(root))  # what a cold build writes


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_cache_entry_is_analysed_again_and_never_reaches_the_index(
    tmp_path: Path, views: Views, files: dict[str, bytes], how: str
) -> None:
    cache = tmp_path / "cache"
    search_index(views, cache)
    entries = sorted(cache.rglob("*.entry"))
    damage(entries[0], entries[1], how)
    report = IndexReport()
    assert search_index(views, cache, report) == files
    damaged = 2 if how == "swap two entries" else 1  # a swapped entry is whole, but not its key's
    assert report.analysed == len(report.damaged) == damaged
