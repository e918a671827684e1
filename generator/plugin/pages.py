"""Writing the generated pages MkDocs carries as stubs: from the page cache, where MkDocs would write them."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from ..build import remake
from ..site import write_or_link
from ..spool import Unchanged
from .state import Build


def generated_file(files: Files, src_uri: str) -> File:
    """The file MkDocs carries for a generated page: every one is among its files from on_files on."""
    file = files.get_file_from_path(src_uri)
    assert file is not None, src_uri
    return file


def write_cached_pages(build: Build, files: Files) -> list[str]:
    """Write every stubbed page an intact cache entry holds straight into the site; return the others, to render.

    Each entry is read and checked once, and written at once: no page's HTML is held. A page
    that was not made because the cache held it, and whose entry is now damaged or gone, is
    made after all.
    """
    pending = []
    for src_uri in build.outside_nav:
        html = build.store.get(build.page_keys[src_uri])
        if html is None:
            pending.append(src_uri)
            continue
        write_page(generated_file(files, src_uri), html, build.site_dir)
    unmade = [src_uri for src_uri in pending if isinstance(build.pages[src_uri], Unchanged)]
    if unmade and build.gathered is not None:  # their cached HTML was damaged since the build began: make them now
        remake(build.gathered, unmade)
    return pending


def write_page(file: File, html: str, previous_site: Path | None) -> None:
    """Write a page's finished HTML where MkDocs would, encoded as MkDocs encodes it (linked when unchanged)."""
    previous = previous_site / file.dest_uri if previous_site is not None else None
    write_or_link(Path(file.abs_dest_path), html.encode("utf-8", errors="xmlcharrefreplace"), previous)
