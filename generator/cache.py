"""A cache of parsed records across builds, keyed by the bytes of each file.

Parsing YAML is the largest cost of loading an archive. A file whose bytes have not
changed parses to the same data, so the data and line numbers of every file that
parsed cleanly are kept under a key made of the file's bytes and the loader's own
source: editing the loader invalidates every entry. Files with errors are never
cached. The cache holds only what this program wrote; delete the folder at will.
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


@lru_cache(maxsize=1)
def _loader_fingerprint() -> bytes:
    return hashlib.sha256(Path(load.__file__).read_bytes()).digest()


class DocumentCache:
    """Parsed data and line maps on disk, one small file per distinct record."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, raw: bytes) -> str:
        """The entry's name for a file with these bytes."""
        return hashlib.sha256(_loader_fingerprint() + raw).hexdigest()

    def holds(self, path: Path) -> bool:
        """True when the file at `path`, as it is now, has been parsed before (a cheap look, no parsing)."""
        try:
            return self._path(self.key(path.read_bytes())).is_file()
        except OSError:
            return False

    def get(self, key: str) -> tuple[Any, dict[Any, int]] | None:
        """The (data, lines) stored under `key`, or None."""
        try:
            with open(self._path(key), "rb") as stored:
                entry = pickle.load(stored)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, data: Any, lines: dict[Any, int]) -> None:
        """Store (data, lines) under `key`; a cache that cannot be written is skipped silently."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
                pickle.dump((data, lines), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(out.name, path)
        except OSError:
            return

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"
