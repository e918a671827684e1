"""Checksummed cache entries: written whole or not at all, read back only when they pass their check.

Every cache (parsed records in load/cache.py, pages and which pages each maker made in
publish/pagecache.py, search analyses in search/analysis.py, the yearly records in build.py)
stores its entries through these functions.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import DamagedEntry

PACKAGE = Path(__file__).parents[1]
"""The generator package, whose code shapes every page and file a build writes."""


def read_entry(path: Path, key: str) -> bytes | None:
    """The content of the cache entry for `key` at `path`; None when there is none; DamagedEntry when it fails its
    check.

    An entry is a line holding the SHA-256 of the key and the content, then the content: a
    truncated, emptied or altered entry, or one moved under another key, fails.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    checksum, _, payload = raw.partition(b"\n")
    if checksum != _checksum(key, payload):
        raise DamagedEntry(path)
    return payload


def write_entry(path: Path, key: str, payload: bytes) -> None:
    """Write the cache entry for `key` whole or not at all (a temporary file, then a rename).

    A cache that cannot be written (a full disk, a read-only folder) only costs time:
    the error is swallowed and the temporary file removed.
    """
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
            temporary = out.name
            out.write(_checksum(key, payload) + b"\n" + payload)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def kept(path: Path, key: str, make: Callable[[], bytes]) -> bytes:
    """The content of the intact entry for `key` at `path`, else `make()`'s, kept there for the next build."""
    try:
        data = read_entry(path, key)
    except DamagedEntry:
        data = None
    if data is None:
        data = make()
        write_entry(path, key, data)
    return data


def code_digest() -> bytes:
    """A hash of the generator's code: every file of the package by its path inside it, wherever the checkout lies."""
    digest = hashlib.sha256()
    for name, path in folder_files(PACKAGE):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def folder_files(folder: Path | None) -> list[tuple[str, Path]]:
    """Every file under `folder` but compiled Python, by its path relative to `folder`, sorted."""
    if folder is None:
        return []
    found = ((path.relative_to(folder), path) for path in folder.rglob("*"))
    return sorted((name.as_posix(), path) for name, path in found if "__pycache__" not in name.parts and path.is_file())


def _checksum(key: str, payload: bytes) -> bytes:
    return hashlib.sha256(key.encode("ascii") + b"\0" + payload).hexdigest().encode("ascii")
