"""Finished HTML of generated pages outside the nav: a cache across builds, and the store of one build.

A generated page's HTML is a function of the records it reads (their digests make its
maker's key: generator/render/reads.py) and of the environment that renders every page:
mkdocs.yml and the site's address, the theme and its overrides, docs/, the installed
versions of MkDocs, Material and Python-Markdown, and this package's own code. The key is
the hash of all of these, files by their content and their path inside their folder (so a
cache works in a checkout at any path): a page whose inputs did not change is taken from
the cache without its Markdown being made, converted or templated again, and a change to
any of them misses every entry. Beside the pages, the cache keeps which pages each maker
made (a maker of a paged list makes as many pages as its list needs).
tests/builds/test_incremental.py holds cached builds to the bytes of cold ones;
tests/builds/test_cache_path.py, a cache moved to another checkout.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from ..errors import DamagedEntry
from ..util.entries import code_digest, folder_files, read_entry, write_entry

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "nh3")
CACHED_TEMPLATE = "sp-archive-cached.html"
"""A template that renders nothing: the page's finished HTML replaces its output."""


def environment_fingerprint(config_file: Path, docs_dir: Path, theme_dir: Path | None, site_url: str) -> bytes:
    """A hash of everything besides its own Markdown that shapes a page's HTML, wherever the repository lies.

    Files are named by their path inside their folder, never by an absolute path, so a cache
    restored into a checkout at another path (CI's runners) still matches. `site_url` is hashed
    apart from mkdocs.yml's bytes: mkdocs.yml reads it from the environment (`!ENV`), and it
    fills every page's canonical link. (The archive's title, every page's header, is among the records
    every page reads.)
    """
    digest = hashlib.sha256(f"{site_url}\0".encode())
    for package in PACKAGES:
        digest.update(f"{package}={_version(package)}".encode())
    digest.update(b"mkdocs.yml\0" + config_file.read_bytes() + b"\0")
    digest.update(b"generator\0" + code_digest() + b"\0")
    for role, folder in {"docs": docs_dir, "theme": theme_dir}.items():
        for name, path in folder_files(folder):
            digest.update(f"{role}/{name}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


class PageCache:
    """Finished HTML of generated pages on disk, keyed by their inputs.

    An entry's first line is the SHA-256 of its key and its HTML, checked on every read:
    a truncated, emptied, flipped entry, or one moved under another key, is a miss (the
    page is rendered again), never a page published with the wrong content.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.damaged: list[Path] = []

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def get(self, key: str) -> str | None:
        """The finished HTML stored under `key`, or None when there is none or it is damaged."""
        path = self._path(key)
        try:
            html = read_entry(path, key)
        except DamagedEntry:
            if path not in self.damaged:
                self.damaged.append(path)
            return None
        return html.decode("utf-8") if html is not None else None

    def put(self, key: str, html: str) -> None:
        """Store a page's finished HTML; a cache that cannot be written is skipped."""
        write_entry(self._path(key), key, html.encode("utf-8"))

    def holds(self, key: str) -> bool:
        """True when an entry is stored under `key` (a cheap look: it is checked when read)."""
        return self._path(key).is_file()

    def made(self, key: str) -> list[str] | None:
        """The src_uris of the pages the maker with this key made, or None when unknown or damaged."""
        path = self.folder / "makers" / key[:2] / f"{key}.json"
        try:
            stored = read_entry(path, key)
            uris = json.loads(stored) if stored is not None else None
        except (DamagedEntry, ValueError, UnicodeDecodeError):
            self.damaged.append(path)
            return None
        if not isinstance(uris, list) or not all(isinstance(uri, str) for uri in uris):
            return None
        return uris

    def remember(self, key: str, src_uris: list[str]) -> None:
        """Keep which pages the maker with this key made."""
        write_entry(self.folder / "makers" / key[:2] / f"{key}.json", key, json.dumps(src_uris).encode("utf-8"))


class PageStore:
    """Where MkDocs gets each generated page outside the nav from (generator/util/workers.py).

    A page unchanged since an earlier build is written into the site straight from the
    cache across builds, when there is one, each entry read and checked once; every other
    page is written by the process that rendered it. MkDocs writes none of them again. A page rendered without a
    warning is kept in that cache; a page MkDocs warned about is not (a strict build fails on it,
    and the next build must warn again).
    """

    def __init__(self, cache: PageCache | None, fingerprint: bytes) -> None:
        self.cache = cache
        self.fingerprint = fingerprint

    def key(self, src_uri: str, reads: str) -> str:
        """The page's name in the cache: the hash of its inputs (the environment, its path, its maker's key)."""
        return hashlib.sha256(self.fingerprint + src_uri.encode() + b"\0" + reads.encode()).hexdigest()

    def unchanged(self, reads: str, nav: frozenset[str]) -> list[str] | None:
        """The pages of the maker with key `reads` when the cache holds every one of them, else None.

        Pages in the nav are never taken from here: MkDocs reads their Markdown itself.
        """
        if self.cache is None:
            return None
        uris = self.cache.made(reads)
        if uris is None or nav.intersection(uris):
            return None
        return uris if all(self.cache.holds(self.key(uri, reads)) for uri in uris) else None

    def remember(self, reads: str, src_uris: list[str]) -> None:
        """Keep which pages the maker with key `reads` made."""
        if self.cache is not None:
            self.cache.remember(reads, src_uris)

    def keep(self, key: str, html: str, clean: bool) -> None:
        """Offer a page just rendered to the cache; clean when MkDocs logged no warning for it."""
        if clean and self.cache is not None:
            self.cache.put(key, html)

    def get(self, key: str) -> str | None:
        """A page's HTML from the cache."""
        return self.cache.get(key) if self.cache is not None else None
