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
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import RefusedFile
from ..util.entries import read_entry, write_entry
from .files import record_bytes

READER = Path(__file__).with_name("reader.py")
"""The YAML reader's source, read by its path: the reader takes this cache, so neither imports the other."""


@lru_cache(maxsize=1)
def _loader_fingerprint() -> bytes:
    return hashlib.sha256(READER.read_bytes() + Path(__file__).read_bytes()).digest()


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

        The file is read as the loader reads it (`record_bytes`): one it would refuse (a FIFO, a link
        out of `root`, too large) is never opened here, and is not held, so the loader names the problem.
        """
        try:
            return self._path(self.key(record_bytes(path, root))).is_file()
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
