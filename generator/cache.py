"""A cache of parsed records across builds, keyed by the bytes of each file.

Parsing YAML is the largest cost of loading an archive. A file whose bytes have not
changed parses to the same data, so the data and line numbers of every file that
parsed cleanly are kept under a key made of the file's bytes and the loader's and this
module's own source: editing either invalidates every entry (an entry of an older format
is never read). Files with errors are never cached. Each entry starts with the SHA-256 of
its key and its content (`read_entry`, `write_entry`), checked before it is unpickled: a truncated, emptied, flipped or
swapped entry is a miss (the file is parsed again), never data of the wrong letter. The
cache holds only what this program wrote; delete the folder at will.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import load
from .errors import DamagedEntry, RefusedFile


@lru_cache(maxsize=1)
def _loader_fingerprint() -> bytes:
    return hashlib.sha256(Path(load.__file__).read_bytes() + Path(__file__).read_bytes()).digest()


class DocumentCache:
    """Parsed data and line maps on disk, one small file per distinct record."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.damaged: list[Path] = []

    def key(self, raw: bytes) -> str:
        """The entry's name for a file with these bytes."""
        return hashlib.sha256(_loader_fingerprint() + raw).hexdigest()

    def holds(self, path: Path, root: Path | None = None) -> bool:
        """True when the file at `path`, as it is now, has been parsed before (a cheap look, no parsing).

        The file is read as the loader reads it (`load.record_bytes`): one it would refuse (a FIFO, a link
        out of `root`, too large) is never opened here, and is not held, so the loader names the problem.
        """
        try:
            return self._path(self.key(load.record_bytes(path, root))).is_file()
        except (RefusedFile, OSError):
            return False

    def get(self, key: str) -> tuple[Any, dict[Any, int], list[Any]] | None:
        """The (data, lines, warnings) stored under `key`, or None when there is none or it is damaged."""
        path = self._path(key)
        try:
            payload = read_entry(path, key)
            if payload is None:
                self.misses += 1
                return None
            data, lines, warnings = pickle.loads(payload)
        except Exception:  # whatever is wrong with an entry, it is only a miss
            self.misses += 1
            self.damaged.append(path)
            return None
        self.hits += 1
        return data, lines, warnings

    def put(self, key: str, data: Any, lines: dict[Any, int], warnings: list[Any]) -> None:
        """Store (data, lines, warnings) under `key`; a cache that cannot be written is skipped silently."""
        write_entry(self._path(key), key, pickle.dumps((data, lines, warnings), protocol=pickle.HIGHEST_PROTOCOL))

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"


def read_entry(path: Path, key: str) -> bytes | None:
    """The content of the cache entry for `key` at `path`; None when there is none; DamagedEntry when it fails its
    check.

    Every cache (records here, pages in pagecache.py, search analyses in search/analysis.py)
    writes its entries as a line holding the SHA-256 of the key and the content, then the
    content: a truncated, emptied or altered entry, or one moved under another key, fails.
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


def _checksum(key: str, payload: bytes) -> bytes:
    return hashlib.sha256(key.encode("ascii") + b"\0" + payload).hexdigest().encode("ascii")
