"""Postings of word pairs ('forced labour'), written in bounded passes rather than held in memory.

At 20,000 letters + 15,000 replies there are some 2.5 million distinct pairs: held together as
postings until written, they took most of the index's memory. So each document's pairs are
appended, as it comes, to a spill file on disk for the first two characters of the pair, and
the files are read back one at a time, in the order the browser compares strings (UTF-16):
memory holds the pairs of a group of two-character ranges at a time, never all of them. The
ranges of a group are aggregated on every core (forked workers, util/workers.py), each into its
pairs' postings as JSON text, which is all that comes back.

A pair's postings are documents and counts, as a word's: no positions. A phrase of two words is
exactly its pair's documents; a longer phrase is the documents holding all of its pairs, and
search.js checks the phrase itself on the text of each result it shows.
"""

from __future__ import annotations

import json
import tempfile
import zlib
from array import array
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from ..util.workers import forked_map

SPILL_BYTES = 16_000_000
"""Text buffered before it is appended to the spill files."""
PREFIX = 2
"""Characters of a pair that choose its spill file (a pair has at least three: 'a b')."""
SEPARATOR = "\x1f"
GROUP = 16
"""Spill files aggregated by one set of forked workers: their postings' JSON is in memory at once."""


class PairPostings:
    """Pairs of adjacent words, document by document, spilled to disk; read back by range of pairs."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="sp-search-pairs-")
        self._files: dict[str, Path] = {}
        self._buffers: dict[str, list[str]] = {}
        self._buffered = 0

    def add(self, number: int, grouped: dict[str, str]) -> None:
        """Document `number` holds these pairs, grouped as `grouped_pairs` groups them (documents come in number
        order)."""
        head = f"{number}\t"
        for prefix, entries in grouped.items():
            line = head + entries + "\n"
            self._buffers.setdefault(prefix, []).append(line)
            self._buffered += len(line)
        if self._buffered > SPILL_BYTES:
            self._spill()

    def _spill(self) -> None:
        for prefix, lines in self._buffers.items():
            path = self._files.get(prefix)
            if path is None:
                path = self._files[prefix] = Path(self._folder.name) / f"{len(self._files)}.spill"
            with path.open("ab") as spill:  # zlib level 1: a third of the disk, a few seconds at full size
                spill.write(_framed(zlib.compress("".join(lines).encode("utf-8"), 1)))
        self._buffers.clear()
        self._buffered = 0

    def entries(self, workers: int = 1) -> Iterator[tuple[str, str, int]]:
        """(pair, its postings as JSON text '[[gaps between document numbers],[counts]]', how many numbers) in UTF-16
        order; the ranges aggregated on `workers` processes, GROUP ranges at a time."""
        self._spill()
        try:
            paths = [self._files[prefix] for prefix in sorted(self._files, key=_utf16)]
            for start in range(0, len(paths), GROUP):
                for aggregated in forked_map(_aggregated, paths[start:start + GROUP], workers, chunk=1):
                    yield from aggregated
        finally:
            self._folder.cleanup()


def _aggregated(path: Path) -> list[tuple[str, str, int]]:
    """One range's spill file read (and removed): each pair's postings as JSON text, in UTF-16 order."""
    numbers: dict[str, array] = {}
    counts: dict[str, array] = {}
    for line in _lines(path):
        number, *found = line.split("\t")
        document = int(number)
        for entry in found:
            pair, count = entry.rsplit(SEPARATOR, 1)
            if pair not in numbers:
                numbers[pair], counts[pair] = array("I"), array("B")
            numbers[pair].append(document)
            counts[pair].append(int(count))
    postings = []
    for pair in sorted(numbers, key=_utf16):
        held = numbers.pop(pair)
        postings.append((pair, json.dumps([_gaps(held), counts.pop(pair).tolist()], separators=(",", ":")),
                         2 * len(held)))
    return postings


def grouped_pairs(pairs: dict[str, int]) -> dict[str, str]:
    """A document's pairs and their counts as its spill lines hold them: by their first PREFIX characters, each
    group one string of 'pair<SEPARATOR>count' joined by tabs.

    Done once, when the document is analysed (the analysis cache keeps it so): a rebuild only appends them.
    """
    ranges: dict[str, list[str]] = {}
    for pair, count in pairs.items():
        ranges.setdefault(pair[:PREFIX], []).append(f"{pair}{SEPARATOR}{count}")
    return {prefix: "\t".join(entries) for prefix, entries in ranges.items()}


def _framed(chunk: bytes) -> bytes:
    return len(chunk).to_bytes(8, "big") + chunk


def _lines(path: Path) -> Iterator[str]:
    data = path.read_bytes()
    path.unlink()
    at = 0
    while at < len(data):
        size = int.from_bytes(data[at:at + 8], "big")
        yield from zlib.decompress(data[at + 8:at + 8 + size]).decode("utf-8").split("\n")[:-1]
        at += 8 + size


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be")


def _gaps(numbers: array) -> list[int]:
    return [numbers[0], *(b - a for a, b in pairwise(numbers))] if numbers else []
