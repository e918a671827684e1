"""What one build carries from one MkDocs event to the next: the only state the plugin keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.nav import Navigation

from ..build import Gathered
from ..html.rawblocks import RawBlocks
from ..pagecache import PageStore
from ..progress import Progress
from ..site import GITHUB_PAGES_MB, BuildLock
from ..spool import MarkdownSpool, Spooled, Unchanged


@dataclass
class Build:
    """What one build carries from event to event."""

    content_dir: Path
    store: PageStore
    workers: int
    spool: MarkdownSpool
    pages: dict[str, Spooled | Unchanged] = field(default_factory=dict)
    """Every generated page: where its Markdown lies in the spool, or Unchanged (its HTML is in the page cache)."""
    gathered: Gathered | None = None
    """What `gather` made, to make pages after all (generator/build.py's `remake`)."""
    raw: RawBlocks = field(default_factory=RawBlocks)
    outside_nav: list[str] = field(default_factory=list)
    """Generated pages MkDocs gets as stubs; workers render and write them."""
    page_keys: dict[str, str] = field(default_factory=dict)
    rendering: str | None = None
    """The stubbed page being rendered for real, in a worker (or in-process when serving)."""
    nav: Navigation | None = None
    progress: Progress | None = None
    site_dir: Path | None = None
    staging: Path | None = None
    lock: BuildLock | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    """The search index, data downloads and feeds, made from the linked records, written after MkDocs' pages."""
    spooled_files: dict[str, str] = field(default_factory=dict)
    """Each letter's and reply's JSON, waiting in the spool: site path → SHA-256."""
    size_limit_mb: float = GITHUB_PAGES_MB
    """The published site's size a warning is given above (generator/plugin/config.py's `size_warning_mb`)."""
    checked: bool = False
    """The new site is complete and checked: on_shutdown publishes it."""

    def stubbed(self, src_uri: str) -> bool:
        """True for a page MkDocs only carries along: rendered by a worker, or taken from the cache."""
        return src_uri in self.page_keys and self.rendering != src_uri
