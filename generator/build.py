"""The recipe of a build: load → validate → check → link → render → index, all gathered before anything is written.

`gather` reads content/ and returns everything the site is made of: the linked views,
every generated page's Markdown (in a spool on disk, generator/spool.py) and every file of
the search index. It writes nothing but its caches and the spool. The engine
(generator/plugin.py) then hands the pages to MkDocs, and generator/site.py checks the
finished folder and publishes it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import DocumentCache
from .errors import RecordError, format_errors
from .link import Views, link_content
from .render.pages import all_pages, page_makers
from .search import IndexReport, search_index
from .spool import MarkdownSpool, Spooled
from .workers import forked_map
from .validate import load_content


class ContentInvalid(Exception):
    """The content has errors (already printed); carries every problem."""

    def __init__(self, message: str, problems: list[RecordError]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class Gathered:
    """Everything a build writes, made from content/ before anything is written."""

    views: Views
    pages: dict[str, Spooled]
    """Generated pages: src_uri → where its Markdown lies in the spool."""
    spool: MarkdownSpool
    search: dict[str, bytes]
    """The search index: site-relative path → bytes."""
    report: IndexReport = field(default_factory=IndexReport)


def gather(root: Path, spool: MarkdownSpool, cache_root: Path | None = None, workers: int = 1, site_url: str = "") -> Gathered:
    """Read, check and link content/, render every page's Markdown into the spool, make the search index."""
    views = linked_content(root, DocumentCache(cache_root) if cache_root else None, workers)  # load, validate, check, link
    views = replace(views, site_url=site_url)
    pages = {page.src_uri: page for page in spool_pages(views, spool, workers)}  # render
    report = IndexReport()
    search = search_index(views, cache_root / "search" if cache_root else None, report)  # index
    return Gathered(views, pages, spool, search, report)


def spool_pages(views: Views, spool: MarkdownSpool, workers: int = 1) -> list[Spooled]:
    """Render every page's Markdown into the spool, in the site's stable order, on `workers` processes."""
    written = forked_map(lambda make: spool.write(make()), page_makers(views), workers, chunk=25)
    return [page for pages in written for page in pages]


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
    return {page.src_uri: page.markdown for page in all_pages(replace(linked_content(root), site_url=site_url))}
