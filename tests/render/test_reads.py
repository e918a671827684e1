"""A rebuild makes the Markdown of a page only when a record the page reads changed (generator/render/reads.py).

Here the build's gather step runs twice over a real page cache: the second time, every page
whose reads did not change is Unchanged (not made at all), and the pages reading the edited
letter are made. tests/builds/test_incremental.py holds the resulting sites to the bytes of cold builds.
"""

from __future__ import annotations

from pathlib import Path

from conftest import rich_archive

from generator.build import gather
from generator.publish.pagecache import PageCache, PageStore
from generator.publish.spool import MarkdownSpool, Spooled, Unchanged
from generator.render.makers import NAV_PAGES
from generator.util.entries import write_entry


def _gather(content: Path, folder: Path, store: PageStore):
    folder.mkdir(parents=True)
    return gather(content, MarkdownSpool(folder), store=store)


def test_a_rebuild_makes_only_the_pages_that_read_the_changed_letter(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    store = PageStore(PageCache(tmp_path / "pages"), b"SYNTHETIC environment")
    first = _gather(content, tmp_path / "first", store)
    assert all(isinstance(page, Spooled) for page in first.pages.values())  # nothing cached yet: all made
    for src_uri, page in first.pages.items():  # as the plugin keeps every page it renders without a warning
        store.keep(store.key(src_uri, page.key), "<p>SYNTHETIC page</p>", clean=True)
    record = content / "communications/2021/al-oth-1-2021.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("cobalt refineries", "nickel smelters"),
                      encoding="utf-8")

    second = _gather(content, tmp_path / "second", store)

    made = {src_uri for src_uri, page in second.pages.items() if isinstance(page, Spooled)}
    assert "communications/al-oth-1-2021/index.md" in made  # the letter
    assert "communications/al-che-2-2021/index.md" in made  # names it as batch, and in its text
    assert "years/2021/index.md" in made and "addressees/synthetic-company-ltd/index.md" in made  # lists holding it
    assert NAV_PAGES & set(second.pages) <= made  # the nav's pages are always made: MkDocs reads their Markdown
    assert "communications/ua-oth-3-2026/index.md" not in made  # another letter
    assert "years/2026/index.md" not in made and "years/2020/index.md" not in made  # lists without it
    unchanged = set(second.pages) - made
    assert all(isinstance(second.pages[src_uri], Unchanged) for src_uri in unchanged)
    assert len(unchanged) > len(made)
    assert {page.key for page in first.pages.values()} != {page.key for page in second.pages.values()}


def test_nothing_changed_nothing_outside_the_nav_is_made(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    store = PageStore(PageCache(tmp_path / "pages"), b"SYNTHETIC environment")
    first = _gather(content, tmp_path / "first", store)
    for src_uri, page in first.pages.items():
        store.keep(store.key(src_uri, page.key), "<p>SYNTHETIC page</p>", clean=True)

    second = _gather(content, tmp_path / "second", store)

    # a maker is made whole: the nav's pages, and the further pages of their paged lists (communications/page/2/)
    nav_makers = {first.pages[src_uri].key for src_uri in NAV_PAGES & set(first.pages)}
    with_the_nav = {src_uri for src_uri, page in first.pages.items() if page.key in nav_makers}
    assert {src_uri for src_uri, page in second.pages.items() if isinstance(page, Spooled)} == with_the_nav
    assert "communications/page/2/index.md" in with_the_nav and len(with_the_nav) < len(first.pages) / 2


def test_a_page_the_cache_lost_is_made_again(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    store = PageStore(PageCache(tmp_path / "pages"), b"SYNTHETIC environment")
    first = _gather(content, tmp_path / "first", store)
    for src_uri, page in first.pages.items():
        if src_uri != "communications/ua-oth-3-2026/index.md":
            store.keep(store.key(src_uri, page.key), "<p>SYNTHETIC page</p>", clean=True)

    second = _gather(content, tmp_path / "second", store)

    assert isinstance(second.pages["communications/ua-oth-3-2026/index.md"], Spooled)
    assert isinstance(second.pages["communications/al-oth-1-2021/index.md"], Unchanged)


def _year_files(gathered) -> dict[str, bytes]:
    return {path: (gathered.spool.folder / "files" / path).read_bytes() for path in gathered.spooled_files}


def test_a_years_records_come_from_the_cache_only_for_the_same_code(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"

    def gathered(name: str, environment: bytes):
        (tmp_path / name).mkdir()
        return gather(content, MarkdownSpool(tmp_path / name), cache, store=PageStore(None, environment))

    made = _year_files(gathered("first", b"SYNTHETIC code A"))
    kept = sorted((cache / "records").rglob("*.bin"))
    assert len(kept) == len(made) >= 3  # one entry a year
    for entry in kept:  # stand in, as the cache itself writes them, other bytes: which build reads them?
        write_entry(entry, entry.stem, b"SYNTHETIC kept bytes")

    assert set(_year_files(gathered("same code", b"SYNTHETIC code A")).values()) == {b"SYNTHETIC kept bytes"}
    assert _year_files(gathered("other code", b"SYNTHETIC code B")) == made  # the code changed: made again
