"""Finished HTML of generated pages outside the nav: a cache across builds, and the store of one build.

A generated page's HTML is a function of its Markdown and of the environment that
renders every page: mkdocs.yml, the theme and its overrides, docs/, the installed
versions of MkDocs, Material and Python-Markdown, and this package's own code. The
key is the hash of all of these, so a page whose inputs did not change is taken
from the cache instead of being converted and templated again, and a change to any
of them misses every entry. tests/test_incremental.py holds cached builds to the
bytes of cold ones.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "nh3")
CACHED_TEMPLATE = "sp-archive-cached.html"
"""A template that renders nothing: the page's finished HTML replaces its output."""


def environment_fingerprint(config_file: Path, docs_dir: Path, theme_dir: Path | None, site_name: str) -> bytes:
    """A hash of everything besides its own Markdown that shapes a page's HTML."""
    digest = hashlib.sha256(site_name.encode())
    for package in PACKAGES:
        digest.update(f"{package}={_version(package)}".encode())
    folders = [Path(__file__).parent, docs_dir] + ([theme_dir] if theme_dir else [])
    for path in [config_file, *(p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file())]:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


class PageCache:
    """Finished HTML of generated pages on disk, keyed by their inputs."""

    def __init__(self, folder: Path, fingerprint: bytes) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.hits = 0

    def key(self, src_uri: str, markdown: str) -> str:
        """The entry's name for this page with this Markdown in this environment."""
        return hashlib.sha256(self.fingerprint + src_uri.encode() + b"\0" + markdown.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def has(self, key: str) -> bool:
        """True when HTML is stored under `key`."""
        found = self._path(key).is_file()
        self.hits += found
        return found

    def get(self, key: str) -> str | None:
        """The finished HTML stored under `key`, or None."""
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, html: str) -> bool:
        """Store a page's finished HTML; False when the folder cannot be written."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
                out.write(html)
            os.replace(out.name, path)
        except OSError:
            return False
        return True


class PageStore:
    """Where rendered pages wait until MkDocs writes them (generator/workers.py).

    A page rendered without a warning goes to the cache across builds, when there is
    one; a page MkDocs warned about (a strict build fails on it, so the next build
    must warn again) and every page of a build without a cache go to a folder of
    this build only, removed when the build ends.
    """

    def __init__(self, cache: PageCache | None, fingerprint: bytes) -> None:
        self.cache = cache
        self.own = PageCache(Path(tempfile.mkdtemp(prefix="sp-archive-pages-")), fingerprint)

    def key(self, src_uri: str, markdown: str) -> str:
        """The page's name in the store: its inputs' hash."""
        return self.own.key(src_uri, markdown)

    def has(self, key: str) -> bool:
        """True when a previous build left this page, unchanged, in the cache."""
        return self.cache is not None and self.cache.has(key)

    def keep(self, key: str, html: str, clean: bool) -> None:
        """Store a page just rendered; clean when MkDocs logged no warning for it."""
        if clean and self.cache is not None and self.cache.put(key, html):
            return
        if not self.own.put(key, html):
            raise OSError(f"cannot write rendered pages to {self.own.folder}")

    def get(self, key: str) -> str | None:
        """A rendered page's HTML, from this build or the cache."""
        html = self.own.get(key)
        if html is None and self.cache is not None:
            html = self.cache.get(key)
        return html

    def close(self) -> None:
        """Remove this build's own folder."""
        shutil.rmtree(self.own.folder, ignore_errors=True)
