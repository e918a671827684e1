"""Reading a built site: its files and their digests, and the links and ids of its pages.

Shared by the tests of built sites; a test file imports these from here, never from another test file.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class PageLinks(HTMLParser):
    """Collects ids and the URLs of href/src attributes of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.urls.append(value)


def parse(path: Path) -> PageLinks:
    """The ids and link URLs of the HTML page at `path`."""
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file a relative or root-relative URL on `page` points to, and its fragment; None for other URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
        return None
    page_url = "/" + page.relative_to(site).as_posix()
    resolved = urlsplit(urljoin(page_url, url))
    path = site / unquote(resolved.path).lstrip("/")
    if resolved.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(resolved.fragment)


def tree_digest(site: Path) -> dict[str, str]:
    """The SHA-256 of every file of a built site, by path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by path."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}
