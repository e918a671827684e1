"""The recipe of a build: load → validate → check → link → data → render → index, all gathered before anything is
written.

`gather` reads content/ and returns everything the site is made of: the linked views,
every generated page's Markdown (in a spool on disk, generator/spool.py) and every file of
the search index. A page nothing it reads changed since a build that cached its HTML is
not made at all (generator/render/reads.py): it is written from the page cache. `gather`
writes nothing but its caches and the spool. The engine
(generator/plugin/) then hands the pages to MkDocs, and generator/site.py checks the
finished folder and publishes it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import DocumentCache, read_entry, write_entry
from .data import archive_files
from .data.records import record_files
from .errors import ContentInvalid, DamagedEntry, format_errors
from .link import Views, link_content
from .model import Communication
from .pagecache import PageStore
from .render.pages import NAV_PAGES, PageMaker, all_pages, page_makers
from .render.reads import Digests, digests, key_of, records_reads
from .search import IndexReport, search_index
from .spool import MarkdownSpool, Spooled, Unchanged
from .validate import load_content
from .workers import forked_map


@dataclass
class Gathered:
    """Everything a build writes, made from content/ before anything is written."""

    views: Views
    pages: dict[str, Spooled | Unchanged]
    """Generated pages: src_uri → where its Markdown lies in the spool, or that it was not made (the cache holds it)."""
    makers: list[PageMaker]
    """The page makers, to make after all a page whose cached HTML turns out damaged (`remake`)."""
    spool: MarkdownSpool
    files: dict[str, bytes]
    """The search index, the data downloads and the feeds: site-relative path → bytes."""
    spooled_files: dict[str, str]
    """The records, a year of letters a file, kept in the spool until the site exists: site-relative path → SHA-256."""
    report: IndexReport = field(default_factory=IndexReport)


def gather(root: Path, spool: MarkdownSpool, cache_root: Path | None = None, workers: int = 1,
           site_url: str = "", store: PageStore | None = None) -> Gathered:
    """Read, check and link content/, render every changed page's Markdown into the spool, make the search index.

    `store`: the page cache, which tells which pages need not be made again.
    """
    cache = DocumentCache(cache_root) if cache_root else None
    views = linked_content(root, cache, workers)  # load, validate, check, link
    views = replace(views, site_url=site_url)
    known = digests(views)
    files = archive_files(views)  # data
    spooled_files = spool_records(views, spool, known, cache_root / "records" if cache_root else None)
    sizes = {path: spool.file_size(path) for path in spooled_files}
    makers = page_makers(views, files, sizes, known)
    pages = {page.src_uri: page for page in spool_pages(makers, spool, workers, store)}  # render
    report = IndexReport()
    files.update(search_index(views, cache_root / "search" if cache_root else None, report))  # index
    return Gathered(views, pages, makers, spool, files, spooled_files, report)


def spool_pages(makers: list[PageMaker], spool: MarkdownSpool, workers: int = 1,
                store: PageStore | None = None) -> list[Spooled | Unchanged]:
    """Render the Markdown of every page something it reads changed into the spool, in the site's stable order, on
    `workers` processes; the others are Unchanged."""

    def made(numbered: tuple[int, PageMaker]) -> list[Spooled | Unchanged]:
        number, maker = numbered
        cached = store.unchanged(maker.key, NAV_PAGES) if store is not None else None
        if cached is not None:
            return [Unchanged(src_uri, maker.key, number) for src_uri in cached]
        spooled = spool.write(maker.make(), maker.key)
        if store is not None:
            store.remember(maker.key, [page.src_uri for page in spooled])
        return list(spooled)

    written = forked_map(made, list(enumerate(makers)), workers, chunk=25)
    return [page for pages in written for page in pages]


def remake(gathered: Gathered, src_uris: list[str]) -> None:
    """Make after all the Markdown of Unchanged pages (their cached HTML was damaged), into the spool."""
    wanted = set(src_uris)
    numbers = sorted({page.maker for uri in src_uris if isinstance(page := gathered.pages[uri], Unchanged)})
    for number in numbers:
        maker = gathered.makers[number]
        for spooled in gathered.spool.write(maker.make(), maker.key):
            if spooled.src_uri in wanted:
                gathered.pages[spooled.src_uri] = spooled


def spool_records(views: Views, spool: MarkdownSpool, known: Digests | None = None,
                  cache: Path | None = None) -> dict[str, str]:
    """Write the records, a year of letters a file, into the spool; site path → SHA-256.

    With `cache`, a year nothing it holds changed (generator/render/reads.py) is taken from there, not made again.
    """

    def kept(year: int, letters: list[Communication], make: Callable[[], bytes]) -> bytes:
        assert cache is not None and known is not None
        return kept_bytes(cache, key_of("records", records_reads(year, letters, views, known)), make)

    # In this process: a worker given a year would copy that year's records (the pages they lie on) to read them.
    return dict(spool.write_files(record_files(views, kept if cache is not None and known is not None else None)))


def kept_bytes(folder: Path, key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes kept under `key` in `folder` (checked), else `make()`'s, then kept there."""
    path = folder / key[:2] / f"{key}.bin"
    try:
        data = read_entry(path, key)
    except DamagedEntry:
        data = None
    if data is None:
        data = make()
        write_entry(path, key, data)
    return data


def linked_content(root: Path, cache: DocumentCache | None = None, workers: int = 1) -> Views:
    """Load, validate, check and link a content folder; print its problems; raise ContentInvalid on any error."""
    content, problems = load_content(root, cache, workers)
    errors = [p for p in problems if not p.warning]
    if problems:
        print(format_errors(problems), file=sys.stderr, flush=True)
    if errors:
        files = len({e.file for e in errors})
        raise ContentInvalid(f"{len(errors)} error(s) in {files} file(s) under {root}; nothing was written", problems)
    return link_content(content)


def archive_pages(root: Path, site_url: str = "") -> dict[str, str]:
    """The generated pages of a content folder, {src_uri: Markdown}, exactly as the plugin hands them to MkDocs."""
    views = replace(linked_content(root), site_url=site_url)
    return {page.src_uri: page.markdown for page in all_pages(views, downloads=archive_files(views, records=True))}
