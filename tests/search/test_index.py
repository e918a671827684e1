"""The search index's files, read back as the browser reads them: postings, facet table, cards, words."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import DAMAGES, PAGED_LETTERS, damage, rich_archive

from generator.link.views import Views, link_content
from generator.render.reads import archive_reads, digests
from generator.search import IndexReport, search_index
from generator.search.analysis import NAME_WEIGHT
from generator.search.cache import IndexCache
from generator.search.index import META, SHARD_BYTES, variant_table
from generator.search.stems import stem
from generator.search.tokens import joined, split, words
from generator.validate.records import load_content


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
    return json.loads(gzip.decompress(files["search/" + name]).decode("utf-8"))


def directory(files: dict[str, bytes]) -> dict:
    """The index file that meta.json names: where every other file is, the facets, the lengths."""
    return unpacked(files, json.loads(files[META])["index"])


def entry_of(files: dict[str, bytes], word: str, kind: str = "terms") -> list | None:
    """The entry of `word` in the terms, stems or pairs files, found as search.js finds it."""
    meta = directory(files)
    shards = unpacked(files, meta["pairs"]) if kind == "pairs" else meta[kind]  # the pairs' list is a file of its own
    firsts = [first for first, _ in shards]
    shard = max(n for n, first in enumerate(firsts) if first <= word)
    return unpacked(files, shards[shard][1]).get(word)


def postings(files: dict[str, bytes], word: str, kind: str = "terms") -> list[int]:
    """The numbers of the documents holding `word` (a word, a stem key or a pair), found as search.js finds them."""
    entry = entry_of(files, word, kind)
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


def test_stems_are_read_from_the_accented_form_and_folded() -> None:
    assert split("Licenciés")[0].form == "licenciés"
    assert stem("fr", "licenciés") == stem("fr", "licenciement") == "licenci"
    assert stem("es", "desalojados") == stem("es", "desalojo") == "desaloj"
    assert stem("en", "tortured") == stem("en", "torture") != stem("en", "tort")
    assert stem("de", "Häuser") == ""  # a language without a stemmer is matched by exact words only


def test_hyphenated_and_slashed_words_are_also_indexed_joined() -> None:
    words = joined("the principle of non-refoulement, by e-mail, in AL MEX 5/2020")
    assert list(words) == ["nonrefoulement", "email", "52020"]


LETTERS_AND_REPLIES = 3 + PAGED_LETTERS + 1


def test_every_letter_and_reply_is_a_document_numbered_oldest_first(views: Views, files: dict[str, bytes]) -> None:
    meta = json.loads(files[META])
    assert meta["documents"] == len(views.letters) + 1 == LETTERS_AND_REPLIES
    cards = [card_of(files, n) for n in range(meta["documents"])]
    assert [c["date"] for c in cards] == sorted(c["date"] for c in cards)
    assert cards[-1]["reference"] == "UA OTH 3/2026"
    replies = [(n, c) for n, c in enumerate(cards) if c["kind"] == "reply"]
    assert [(c["reference"], c["url"]) for _, c in replies] == [
        ("AL OTH 1/2021", "communications/al-oth-1-2021/#reply-2021-05-01")
    ]
    assert directory(files)["replies"] == [replies[0][0]]


def test_a_word_leads_to_exactly_the_documents_holding_it(files: dict[str, bytes]) -> None:
    cobalt = postings(files, "cobalt")
    assert [card_of(files, n)["reference"] for n in cobalt] == ["AL OTH 1/2021"]
    assert len(postings(files, "synthetic")) == LETTERS_AND_REPLIES
    assert postings(files, "nowhere") == []


def test_a_stem_leads_to_the_documents_holding_any_of_its_words(files: dict[str, bytes]) -> None:
    assert postings(files, "en:" + stem("en", "refinery"), "stems") == postings(files, "refineries")
    # English letters are stemmed in English only
    assert postings(files, "fr:" + stem("fr", "refineries"), "stems") == []


def test_a_name_weighs_more_than_the_same_word_in_the_text(files: dict[str, bytes]) -> None:
    number = postings(files, "cobalt")[0]
    counts = dict(zip(postings(files, "company"), entry_of(files, "company")[1], strict=True))
    assert counts[number] >= NAME_WEIGHT  # "SYNTHETIC Company Ltd", the addressee


def test_a_pair_of_words_leads_to_the_documents_holding_them_side_by_side_and_how_often(
        files: dict[str, bytes]) -> None:
    letter = postings(files, "cobalt")
    assert postings(files, "cobalt refineries", "pairs") == letter == postings(files, "refineries near", "pairs")
    assert entry_of(files, "cobalt refineries", "pairs")[1] == [1]
    assert entry_of(files, "refineries cobalt", "pairs") is None
    assert entry_of(files, "example we", "pairs") is None  # "Dear Ms. Example," and "We write …": two lines, no pair
    _gaps, counts = entry_of(files, "ms example", "pairs")  # the person named, and the salutation
    assert max(counts) >= 2


def test_pairs_written_in_many_small_passes_give_the_same_files(views: Views, files: dict[str, bytes],
                                                               monkeypatch) -> None:
    from generator.search import pairs

    monkeypatch.setattr(pairs, "SPILL_BYTES", 1)  # every document's pairs go to disk at once
    assert search_index(views) == files


def test_pairs_aggregated_on_forked_workers_a_few_ranges_at_a_time_give_the_same_files(
        views: Views, files: dict[str, bytes], monkeypatch) -> None:
    from generator.search import pairs

    monkeypatch.setattr(pairs, "GROUP", 3)  # many sets of workers, each forked for three ranges
    assert search_index(views, workers=3) == files
    assert search_index(views, workers=2) == files


def test_a_letter_is_found_by_every_shape_of_its_reference(files: dict[str, bytes]) -> None:
    letter = postings(files, "cobalt")[0]
    for key in ("ref:al oth 1 2021", "ref:oth 1 2021", "ref:oth 1"):
        assert postings(files, key, "stems") == [letter], key
    assert letter in postings(files, "ref:1 2021", "stems")


def test_the_editors_variants_name_each_other() -> None:
    assert variant_table([["labour", "labor"], ["Uyghur", "Uighur", "Ouïghour"]]) == {
        "labor": ["labour"], "labour": ["labor"], "ouighour": ["uyghur", "uighur"],
        "uighur": ["uyghur", "ouighour"], "uyghur": ["uighur", "ouighour"],
    }


def test_the_index_keeps_no_copy_of_the_text_excerpts_are_read_from_the_pages(files: dict[str, bytes]) -> None:
    assert not [name for name in files if name.startswith("search/text")]
    card = card_of(files, postings(files, "cobalt")[0])
    assert set(card) == {"kind", "reference", "url", "addressee", "date", "type", "reply", "lang", "names"}
    assert card["url"] == "communications/al-oth-1-2021/"  # the page search.js reads the excerpt from


def test_term_files_cover_contiguous_ranges_in_javascript_string_order(files: dict[str, bytes]) -> None:
    meta = directory(files)
    firsts = [first for first, _ in meta["terms"]]

    def utf16(word: str) -> bytes:
        return word.encode("utf-16-be")

    assert firsts == sorted(firsts, key=utf16)
    for n, (first, name) in enumerate(meta["terms"]):
        shard = unpacked(files, name)
        assert min(shard, key=utf16) == first
        if n + 1 < len(firsts):
            assert all(utf16(word) < utf16(firsts[n + 1]) for word in shard)
        assert len(shard) == 1 or len(files["search/" + name]) < SHARD_BYTES


def _numbers(gaps: list[int]) -> list[int]:
    total, out = 0, []
    for gap in gaps:
        total += gap
        out.append(total)
    return out


def test_the_facet_table_counts_what_the_browse_pages_list(views: Views, files: dict[str, bytes]) -> None:
    meta = directory(files)
    values = unpacked(files, meta["values"])
    replies = set(_numbers(meta["replies"]))
    for facet, dimension in (("country", "countries"), ("addressee", "addressees"), ("mandate", "mandates"),
                             ("year", "years")):
        stored = values[facet]
        if "of" in stored:  # one value a document
            of = [value for n, value in enumerate(stored["of"]) if n not in replies]
            counted = {label: of.count(n) for n, label in enumerate(stored["values"])}
        else:  # several: the documents of each value
            counted = {label: len(set(_numbers(stored["letters"][n])) - replies)
                       for n, label in enumerate(stored["values"])}
        counted = {label: count for label, count in counted.items() if count}
        assert counted == {g.label: len(g.letters) for g in views.dimensions[dimension].groups}, facet
    assert "letters" in values["mandate"] and "of" in values["country"]
    assert values["year"]["values"] == ["2026", "2021", "2020"]
    assert len(meta["lengths"]) == LETTERS_AND_REPLIES


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
    assert renamed.count("cards") == 0  # a card holds no text: its file stays
    assert renamed.count("terms") >= 1 and renamed.count("stems") >= 1 and renamed.count("pairs") >= 1
    others = [name for name in renamed if not name.startswith(("cards", "terms", "stems", "pairs"))]
    assert len(others) == 1 and others[0].startswith("index-")  # it names the renamed files; the facets stay
    assert len(set(files) - set(changed)) == len(renamed)  # each renamed file takes the place of one; the rest are kept


def test_a_rebuild_analyses_only_the_letters_that_changed(tmp_path: Path, files: dict[str, bytes]) -> None:
    root = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    first = IndexReport()
    assert search_index(linked(root), cache, first) == files
    assert (first.analysed, first.cached) == (LETTERS_AND_REPLIES, 0)
    record = root / "communications/2021/al-oth-1-2021.yaml"
    record.write_text(record.read_text().replace("cobalt refineries", "nickel smelters"))
    again = IndexReport()
    rebuilt = search_index(linked(root), cache, again)
    assert (again.analysed, again.cached) == (1, LETTERS_AND_REPLIES - 1)
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


def reads(views: Views) -> list[str]:
    """What the index reads, as the build declares it."""
    return archive_reads(digests(views), "search")


def test_an_unchanged_archive_takes_the_whole_index_from_the_last_build(
    tmp_path: Path, views: Views, files: dict[str, bytes]
) -> None:
    cache = tmp_path / "cache"
    first, again = IndexReport(), IndexReport()
    assert search_index(views, cache, first, reads=reads(views)) == files
    assert search_index(views, cache, again, reads=reads(views)) == files
    assert not first.reused and first.analysed == LETTERS_AND_REPLIES
    assert again.reused and (again.analysed, again.cached) == (0, 0)  # no letter even read back
    # What the cache holds is what is published: an entry stored under the same key, whatever it holds, is taken.
    IndexCache(cache / "index", reads(views)).put({**files, "search/SYNTHETIC-marker": b"kept"})
    assert search_index(views, cache, reads=reads(views))["search/SYNTHETIC-marker"] == b"kept"


def test_a_changed_letter_makes_the_index_again_and_only_its_entry_is_kept(tmp_path: Path) -> None:
    root = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    search_index(linked(root), cache, reads=reads(linked(root)))
    record = root / "communications/2021/al-oth-1-2021.yaml"
    record.write_text(record.read_text().replace("cobalt refineries", "nickel smelters"))
    changed, report = linked(root), IndexReport()

    rebuilt = search_index(changed, cache, report, reads=reads(changed))

    assert not report.reused and (report.analysed, report.cached) == (1, LETTERS_AND_REPLIES - 1)
    assert rebuilt == search_index(changed)  # what a cold build writes
    assert list((cache / "index").iterdir()) == [IndexCache(cache / "index", reads(changed)).path]  # one index kept


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_whole_index_is_made_again_and_never_published(
    tmp_path: Path, views: Views, files: dict[str, bytes], how: str
) -> None:
    cache = tmp_path / "cache"
    search_index(views, cache, reads=reads(views))
    (stored,) = (cache / "index").iterdir()
    damage(stored, sorted(cache.rglob("*.entry"))[0], how)  # a swap: with a document's analysis
    report = IndexReport()
    assert search_index(views, cache, report, reads=reads(views)) == files
    assert not report.reused and stored in report.damaged
