"""What indexing one letter produces, and a cache of it across builds.

Analysing a letter (splitting its words, counting them, compressing its words file) is
most of the index's cost. It depends only on the letter's text and on this package's
code, so it is kept under a key of both: a rebuild after one new letter analyses that
letter alone and reads the others' analyses back.

An entry is one file: a line of JSON (the words and their counts), then the compressed
words file, in the caches' one entry format (generator/cache.py: a checksum of key and
content, checked on every read, written whole or not at all), so a truncated, emptied,
flipped entry, or one moved under another key, is a miss, never an index built from the
wrong letter.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..cache import read_entry, write_entry
from .documents import SearchDocument
from .tokens import words

MAX_COUNT = 255
"""Counts above this rank no higher: they are kept in a byte."""


@dataclass(frozen=True)
class Analysis:
    """A letter's distinct words (sorted) with their counts, its length in words, its words file compressed."""

    words: tuple[str, ...]
    counts: tuple[int, ...]
    length: int
    text: bytes


def analyse(document: SearchDocument) -> Analysis:
    """Count the words of a letter's indexed text and compress its own words."""
    found = words(document.indexed)
    counted = sorted(Counter(found).items())
    return Analysis(
        words=tuple(w for w, _ in counted),
        counts=tuple(c if c < MAX_COUNT else MAX_COUNT for _, c in counted),
        length=len(found),
        text=gzip.compress(document.text.encode("utf-8"), compresslevel=6, mtime=0),
    )


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.digest()


class AnalysisCache:
    """Analyses on disk, one small file per distinct letter text."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.read = 0
        self.analysed = 0
        self.damaged: list[Path] = []

    def analysis(self, document: SearchDocument) -> Analysis:
        """The document's analysis, from the cache when an intact entry holds it, else made and stored."""
        key = hashlib.sha256(_code_fingerprint() + document.indexed.encode() + b"\0" + document.text.encode()).hexdigest()
        path = self.folder / key[:2] / f"{key}.entry"
        stored = self._get(path, key)
        if stored is not None:
            self.read += 1
            return stored
        made = analyse(document)
        self.analysed += 1
        self._put(path, key, made)
        return made

    def _get(self, path: Path, key: str) -> Analysis | None:
        try:
            rest = read_entry(path, key)
            if rest is None:
                return None
            line, text = rest.split(b"\n", 1)
            entry = json.loads(line)
            analysis = Analysis(tuple(entry["words"]), tuple(entry["counts"]), int(entry["length"]), text)
            if len(analysis.words) != len(analysis.counts):
                raise ValueError("shape")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):  # DamagedEntry is a ValueError
            self.damaged.append(path)
            return None
        return analysis

    def _put(self, path: Path, key: str, analysis: Analysis) -> None:
        line = json.dumps({"words": analysis.words, "counts": analysis.counts, "length": analysis.length}, ensure_ascii=False)
        write_entry(path, key, line.encode("utf-8") + b"\n" + analysis.text)
