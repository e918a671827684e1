"""Every generated page's Markdown kept on disk for one build, so that no process holds them all.

At 20,000 letters the pages' Markdown is about 1 GB of text. Rendering it in forked
workers and handing it back to the parent (which kept it until every page was
converted to HTML) doubled the build's peak memory. Instead each process that renders
Markdown appends it to a part file of its own in a temporary folder beside the site, and
hands back only where each page lies and the SHA-256 of its bytes (the page cache's key
is made from it). The process that converts a page to HTML reads that page's Markdown
back from the part file. The folder goes when the build ends (generator/publish/staging.py removes
what a killed build left).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..render.common import Page
from .staging import link_unchanged


@dataclass(frozen=True)
class Spooled:
    """Where one page's Markdown lies in the spool, and the hash of its bytes."""

    src_uri: str
    part: str
    offset: int
    length: int
    digest: str
    """SHA-256 (hex) of the Markdown's UTF-8 bytes."""
    key: str = ""
    """The key of what the page reads (generator/render/reads.py): the page cache keeps its HTML under it."""


@dataclass(frozen=True)
class Unchanged:
    """A page whose Markdown was not made: nothing it reads changed since a build that cached its HTML."""

    src_uri: str
    key: str
    """The key of what the page reads, as for a spooled page."""
    maker: int
    """Which page maker makes it (generator/render/makers.py's list), should its HTML have to be made after all."""


class MarkdownSpool:
    """A folder of append-only part files, one per writing process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, pages: Iterable[Page], key: str = "") -> list[Spooled]:
        """Append pages' Markdown to this process's part file; where each one lies (with `key`, what they read)."""
        part = f"part-{os.getpid()}.md"
        spooled = []
        with open(self.folder / part, "ab") as out:
            offset = out.tell()
            for page in pages:
                data = page.markdown.encode("utf-8")
                out.write(data)
                spooled.append(Spooled(page.src_uri, part, offset, len(data), hashlib.sha256(data).hexdigest(), key))
                offset += len(data)
        return spooled

    def read(self, spooled: Spooled) -> str:
        """One page's Markdown, as it was written."""
        with open(self.folder / spooled.part, "rb") as source:
            source.seek(spooled.offset)
            data = source.read(spooled.length)
        if len(data) != spooled.length or hashlib.sha256(data).hexdigest() != spooled.digest:
            raise OSError(f"{self.folder / spooled.part}: the Markdown of {spooled.src_uri} changed or is cut short "
                          f"at byte {spooled.offset}; expected {spooled.length} bytes as written")
        return data.decode("utf-8")

    def write_files(self, files: Iterable[tuple[str, bytes]]) -> list[tuple[str, str]]:
        """Keep finished site files (the yearly records), taken one at a time, under files/ until the site folder
        exists; (path, SHA-256) of each."""
        kept = []
        for path, data in files:
            target = self.folder / "files" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            kept.append((path, hashlib.sha256(data).hexdigest()))
        return kept

    def file_size(self, path: str) -> int:
        """The size in bytes of a file kept by write_files."""
        return (self.folder / "files" / path).stat().st_size

    def move_files(self, site_dir: Path, previous_site: Path | None = None) -> None:
        """Move every file kept by write_files into the built site (same file system: renames); a file the
        previous site holds with the same bytes is linked from there instead, as staging.py links pages."""
        kept = self.folder / "files"
        if not kept.is_dir():
            return
        for folder, _, names in os.walk(kept):
            relative = Path(folder).relative_to(kept)
            (site_dir / relative).mkdir(parents=True, exist_ok=True)
            for name in names:
                source, target = Path(folder) / name, site_dir / relative / name
                previous = previous_site / relative / name if previous_site is not None else None
                same_size = (previous is not None and previous.is_file()
                             and previous.stat().st_size == source.stat().st_size)
                # read only a likely match
                if not (same_size and link_unchanged(target, source.read_bytes(), previous)):
                    os.replace(source, target)

    def remove(self) -> None:
        """Delete the spool folder and everything in it."""
        shutil.rmtree(self.folder, ignore_errors=True)
