"""The recipe of a build, every phase in the order it runs: gather everything, then write it.

    gather()   LOAD → VALIDATE → CHECK → LINK → DATA → MARKDOWN → INDEX
               read content/, check it, link it, make the data files, every changed page's
               Markdown (into a spool on disk) and the search index; nothing is written but
               caches and the spool, and a content error stops the build here
    write      HOLD → STUBS → CONVERT → RENDER → COMPACT → FILES → VERIFY → PUBLISH
               the engine gets the pages (the nav's with their Markdown, the others as stubs),
               converts the nav's pages (raw blocks set aside, HTML sanitised), the stubs are
               written from the page cache or rendered on every core, every page is compacted as
               it is written, then the search index, data and records join them, the finished
               folder is checked and swapped into place

`Phase` names them once. The write half's steps are the functions below the gather half,
one a phase; the engine (generator/plugin/, the only code that imports MkDocs) calls each
from the MkDocs event that runs at its moment, and supplies what only the engine can do
(hand MkDocs a page, render one through its templates). A page nothing it reads changed
since a build that cached its HTML is not made at all (generator/render/reads.py), nor is
the search index when nothing in the archive changed (generator/search/cache.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path

from .data import archive_files
from .data.records import record_files
from .errors import ContentInvalid, format_errors
from .html.compact import compact
from .html.rawblocks import RawBlocks
from .html.sanitise import sanitise
from .link.views import Views, link_content
from .load.cache import DocumentCache
from .model import Communication
from .publish.lock import BuildLock
from .publish.pagecache import PageStore
from .publish.spool import MarkdownSpool, Spooled, Unchanged
from .publish.staging import SiteSize, check_site, remove_leftovers, site_folder, site_size, size_warning, write_files
from .publish.swap import publish
from .render.makers import NAV_PAGES, PageMaker, all_pages, page_makers
from .render.reads import Digests, archive_reads, digests, key_of, records_reads
from .search import IndexReport, search_index
from .util.entries import kept
from .util.workers import forked_map
from .validate.records import load_content


class Phase(IntEnum):
    """The build's phases, in the order they run (as Sphinx's BuildPhase)."""

    LOAD = 1
    """content/'s files read, their YAML parsed (or taken from the cache of parsed files)."""
    VALIDATE = 2
    """Each record validated against its model."""
    CHECK = 3
    """Rules across records (a reply to a letter the archive holds, a norm the catalogue has)."""
    LINK = 4
    """The views every page reads: replies by letter, batches, citations by norm, groups."""
    DATA = 5
    """Tables, feeds, schemas and the yearly records."""
    MARKDOWN = 6
    """Every page whose reads changed made as Markdown, into the spool."""
    INDEX = 7
    """The search index."""
    HOLD = 8
    """The site folder locked; what killed builds left beside it removed (before gathering: the spool lies there)."""
    STUBS = 9
    """The engine gets the nav's pages with their Markdown, every other page as a stub."""
    CONVERT = 10
    """The engine converts the nav's pages; raw HTML blocks set aside and put back; the HTML sanitised."""
    RENDER = 11
    """The stubs written from the page cache, or rendered on every core through the engine."""
    COMPACT = 12
    """Every page's HTML compacted as it is written."""
    FILES = 13
    """The search index, the data and the yearly records written beside the pages."""
    VERIFY = 14
    """The finished folder checked against what was gathered."""
    PUBLISH = 15
    """The new site swapped into place; its size reported."""


@dataclass(frozen=True)
class Gathered:
    """Everything a build writes, made from content/ before anything is written."""

    views: Views
    pages: dict[str, Spooled | Unchanged]
    """Generated pages: src_uri → where its Markdown lies in the spool, or that it was not made (the cache holds it)."""
    makers: list[PageMaker]
    """The page makers, to make after all a page whose cached HTML turns out damaged (`made_again`)."""
    spool: MarkdownSpool
    files: dict[str, bytes]
    """The search index, the data downloads and the feeds: site-relative path → bytes."""
    spooled_files: dict[str, str]
    """The records, a year of letters a file, kept in the spool until the site exists: site-relative path → SHA-256."""
    report: IndexReport = field(default_factory=IndexReport)


def gather(root: Path, spool: MarkdownSpool, cache_root: Path | None = None, workers: int = 1,
           site_url: str = "", store: PageStore | None = None) -> Gathered:
    """LOAD to INDEX: read, check and link content/, make every changed page's Markdown, make the search index.

    `store`: the page cache, which tells which pages need not be made again.
    """
    cache = DocumentCache(cache_root) if cache_root else None
    views = linked_content(root, cache, workers)  # LOAD, VALIDATE, CHECK, LINK
    views = replace(views, site_url=site_url)
    known = digests(views)
    files = archive_files(views)  # DATA
    years = cache_root / "records" if cache_root is not None and store is not None else None
    spooled_files = spool_records(views, spool, known, years, store.fingerprint if store is not None else b"")
    sizes = {path: spool.file_size(path) for path in spooled_files}
    makers = page_makers(views, files, sizes, known)
    pages = {page.src_uri: page for page in spool_pages(makers, spool, workers, store)}  # MARKDOWN
    report = IndexReport()
    index_cache = cache_root / "search" if cache_root else None
    files.update(search_index(views, index_cache, report, workers, archive_reads(known, "search")))  # INDEX
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


def made_again(gathered: Gathered, src_uris: Iterable[str]) -> dict[str, Spooled]:
    """The Markdown of Unchanged pages made after all (their cached HTML turned out damaged), in the spool."""
    wanted = set(src_uris)
    numbers = sorted({page.maker for uri in wanted if isinstance(page := gathered.pages[uri], Unchanged)})
    made: dict[str, Spooled] = {}
    for number in numbers:
        maker = gathered.makers[number]
        made.update((page.src_uri, page) for page in gathered.spool.write(maker.make(), maker.key)
                    if page.src_uri in wanted)
    return made


def spool_records(views: Views, spool: MarkdownSpool, known: Digests, cache: Path | None = None,
                  environment: bytes = b"") -> dict[str, str]:
    """Write the records, a year of letters a file, into the spool; site path → SHA-256.

    With `cache`, a year nothing it holds changed (generator/render/reads.py) is taken from there, not made again.
    `environment`: what else makes a year's bytes (the page cache's fingerprint: the generator's code, the
    libraries' versions), so that a change to the code that writes them misses every year.
    """

    def year(year: int, letters: list[Communication], make: Callable[[], bytes]) -> bytes:
        assert cache is not None
        key = key_of("records", [environment.hex(), *records_reads(year, letters, views, known)])
        return kept(cache / key[:2] / f"{key}.bin", key, make)

    # In this process: a worker given a year would copy that year's records (the pages they lie on) to read them.
    return dict(spool.write_files(record_files(views, year if cache is not None else None)))


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


# ---------------------------------------------------------------- the write half, a function a phase


def hold(site_dir: Path) -> tuple[Path, BuildLock, list[Path]]:
    """HOLD: the folder the site is published into (a linked site/'s target), locked; and what earlier, killed
    builds left beside it, removed. PublishFailed when it cannot be locked."""
    folder = site_folder(site_dir)
    lock = BuildLock(folder)
    lock.acquire()
    removed = remove_leftovers(folder) + (remove_leftovers(site_dir) if folder != site_dir else [])
    return folder, lock, removed


def stubs(pages: Mapping[str, Spooled | Unchanged], nav: frozenset[str] = NAV_PAGES) -> list[str]:
    """STUBS: the pages the engine carries as stubs (every generated page outside the nav), in the site's order."""
    return [src_uri for src_uri in pages if src_uri not in nav]


def converted(html: str, raw: RawBlocks) -> str:
    """CONVERT: a nav page's HTML as the engine converted it, its raw blocks put back, sanitised."""
    return sanitise(raw.put_back(html))


def from_cache(gathered: Gathered, keys: Mapping[str, str], store: PageStore,
               write: Callable[[str, str], None]) -> tuple[list[str], dict[str, Spooled]]:
    """RENDER, first: every stub an intact cache entry holds, written (`write(src_uri, html)`); the stubs left to
    render, and the Markdown made after all for those that were not made (their entry turned out damaged)."""
    pending = []
    for src_uri, key in keys.items():
        html = store.get(key)
        if html is None:
            pending.append(src_uri)
            continue
        write(src_uri, html)
    return pending, made_again(gathered, pending)


def written(html: str) -> str:
    """COMPACT: a page's HTML as it is written."""
    return compact(html)


def add_files(gathered: Gathered, output: Path, previous: Path | None) -> None:
    """FILES: the search index, the data and the yearly records (from the spool) written into the built folder; a
    file the previous site holds with the same bytes is linked from there. OSError when the disk refuses."""
    gathered.spool.move_files(output, previous)
    write_files(gathered.files, output, previous)


def verify(gathered: Gathered, output: Path) -> list[str]:
    """VERIFY: what is wrong with the finished folder (a generated page missing or empty, a file not as written)."""
    urls = [src_uri.removesuffix("index.md") for src_uri in gathered.pages]
    return check_site(output, urls, gathered.files, gathered.spooled_files)


def published(staging: Path, site_dir: Path, size_limit_mb: float) -> tuple[SiteSize, str | None]:
    """PUBLISH: the checked new site put in place of the old in one step; its size, and a warning above the limit.
    OSError or PublishFailed when it cannot be (the previous site stays)."""
    publish(staging, site_dir)
    size = site_size(site_dir)
    return size, size_warning(size, size_limit_mb)
