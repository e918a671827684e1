"""The whole search index kept across builds, and taken back when nothing it reads changed.

The index reads every letter and reply (their records and reply status, in the archive's
order) and the shared records (settings, site address, norms, mandates): their digests
(`archive_reads(known, "search")` in generator/render/reads.py), the generator's code and the browser's stemmer
make its key. A rebuild whose key matches (nothing in content/ changed; only a template,
a stylesheet, docs/ or mkdocs.yml did) takes every file of the index from here instead of
making it again from the letters' cached analyses, which at 20,000 letters is a minute and
a half. One entry is kept, the last build's: the index is tens of MB.

The entry is written and read through the caches' one entry format (generator/util/entries.py):
a truncated, flipped or swapped entry fails its checksum and the index is made again. Its
content is the files framed by their lengths, never pickled: a cache restored from elsewhere
can at worst be refused, never run.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from pathlib import Path

from ..errors import DamagedEntry
from ..util.entries import code_digest, read_entry, write_entry
from .assets import stemmer_files

SUFFIX = ".index"


def index_key(reads: Sequence[str]) -> str:
    """The key of the index of an archive whose records have these digests, made by this code and stemmer."""
    digest = hashlib.sha256(b"search index\0" + code_digest())
    for _, data in stemmer_files():
        digest.update(hashlib.sha256(data).digest())
    for read in reads:
        digest.update(read.encode() + b"\0")
    return digest.hexdigest()


class IndexCache:
    """The last build's index files on disk, under their key."""

    def __init__(self, folder: Path, reads: Sequence[str]) -> None:
        self.folder = folder
        self.key = index_key(reads)
        self.damaged: list[Path] = []

    @property
    def path(self) -> Path:
        return self.folder / f"{self.key}{SUFFIX}"

    def get(self) -> dict[str, bytes] | None:
        """The files of an intact index stored under this key, or None (none stored, or damaged: then noted)."""
        try:
            payload = read_entry(self.path, self.key)
            if payload is None:
                return None
            files = unpacked(payload)
        except (DamagedEntry, ValueError):
            self.damaged.append(self.path)
            return None
        return files

    def put(self, files: dict[str, bytes]) -> None:
        """Keep these files as the index under this key, in place of any other; a cache that cannot be written is
        skipped (it only costs time)."""
        write_entry(self.path, self.key, packed(files))
        for other in self.folder.glob(f"*{SUFFIX}"):
            if other != self.path:
                with contextlib.suppress(OSError):
                    other.unlink()


def packed(files: dict[str, bytes]) -> bytes:
    """Files as one string of bytes: each its name's length, its name (UTF-8), its length and its bytes."""
    parts = []
    for name, data in files.items():
        encoded = name.encode("utf-8")
        parts += [len(encoded).to_bytes(4, "big"), encoded, len(data).to_bytes(8, "big"), data]
    return b"".join(parts)


def unpacked(payload: bytes) -> dict[str, bytes]:
    """The files `packed` made; ValueError when the bytes are not such files."""
    files: dict[str, bytes] = {}
    at = 0
    while at < len(payload):
        size = int.from_bytes(payload[at:at + 4], "big")
        name = payload[at + 4:at + 4 + size].decode("utf-8")  # UnicodeDecodeError is a ValueError
        at += 4 + size
        length = int.from_bytes(payload[at:at + 8], "big")
        if at + 8 + length > len(payload) or not name:
            raise ValueError("not an index")
        files[name] = payload[at + 8:at + 8 + length]
        at += 8 + length
    return files
