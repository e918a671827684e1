"""What one build carries from one MkDocs event to the next, beside the frozen result of `gather`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..build import Gathered, converted, written
from ..html.rawblocks import RawBlocks
from ..publish.lock import BuildLock
from ..publish.pagecache import CACHED_TEMPLATE, PageStore
from ..publish.spool import MarkdownSpool, Spooled, Unchanged
from ..publish.staging import GITHUB_PAGES_MB, discard
from ..util.progress import Progress

EPOCH = "SOURCE_DATE_EPOCH"
"""MkDocs dates sitemap.xml's <lastmod> by it: the build sets it to the archive's as_of date for its own run."""


@dataclass
class Run:
    """One build's own state: made in on_config, let go of when the build ends (or the next one begins)."""

    content_dir: Path
    workers: int
    spool: MarkdownSpool
    store: PageStore
    cache_root: Path | None = None
    """Where records, pages and analyses are kept between builds (None: no cache)."""
    gathered: Gathered | None = None
    """Everything `gather` made (frozen); None when the content has errors (`mkdocs serve` shows them)."""
    pages: dict[str, Spooled | Unchanged] = field(default_factory=dict)
    """Every generated page: where its Markdown lies in the spool, or Unchanged (its HTML is in the page cache)."""
    raw: RawBlocks = field(default_factory=RawBlocks)
    keys: dict[str, str] = field(default_factory=dict)
    """The stubs: generated pages MkDocs carries without their Markdown, and their names in the page cache."""
    rendering: str | None = None
    """The stub being rendered for real, in a worker (or in-process when serving)."""
    nav: Navigation | None = None
    progress: Progress | None = None
    site_dir: Path | None = None
    """The folder the site is published into (None when serving)."""
    staging: Path | None = None
    lock: BuildLock | None = None
    size_limit_mb: float = GITHUB_PAGES_MB
    """The published site's size a warning is given above (generator/plugin/config.py's `size_warning_mb`)."""
    checked: bool = False
    """The new site is complete and checked: on_shutdown publishes it."""
    set_epoch: bool = False
    """The build set $SOURCE_DATE_EPOCH (it was unset): it is unset again when the build ends."""

    def keep_nav(self, nav: Navigation) -> Navigation:
        """The nav MkDocs made, for RENDER."""
        self.nav = nav
        return nav

    def markdown(self, markdown: str, page: Page) -> str:
        """CONVERT, first: a stub converts nothing (RENDER renders it); a nav page's raw HTML blocks are set aside."""
        src_uri = page.file.src_uri
        if src_uri not in self.pages:
            return markdown
        if self.stubbed(src_uri):
            page.meta["template"] = CACHED_TEMPLATE
            return ""
        return self.raw.set_aside(markdown)

    def content(self, html: str, page: Page) -> str:
        """CONVERT, then: a generated page's HTML, its raw blocks put back, sanitised (a stub's: nothing)."""
        src_uri = page.file.src_uri
        if src_uri not in self.pages:
            return html
        if self.rendering is None and self.progress is not None:
            self.progress.advance()
        return "" if self.stubbed(src_uri) else converted(html, self.raw)

    def output(self, output: str, page: Page) -> str:
        """COMPACT: every page's HTML as MkDocs writes it; a stub's is empty (written already: MkDocs skips it)."""
        src_uri = page.file.src_uri
        if self.rendering != src_uri and self.progress is not None:
            self.progress.advance()
        return "" if self.stubbed(src_uri) else written(output)

    def stubbed(self, src_uri: str) -> bool:
        """True for a page MkDocs only carries along: rendered by a worker, or taken from the cache."""
        return src_uri in self.keys and self.rendering != src_uri

    def date_pages(self, epoch: int) -> None:
        """Date sitemap.xml by the archive's as_of (so two builds of the same content are byte-identical), for this
        build only; a date the caller set stays."""
        if EPOCH not in os.environ:
            os.environ[EPOCH] = str(epoch)
            self.set_epoch = True

    def end(self) -> None:
        """Let go of everything the build holds: the spool, an unpublished folder, the lock, the date it set."""
        discard(self.staging)
        self.staging = None
        self.spool.remove()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        if self.set_epoch:
            os.environ.pop(EPOCH, None)
            self.set_epoch = False
