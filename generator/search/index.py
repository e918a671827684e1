"""The search index as static files, written from search documents in one pass.

    search/meta.json          what the browser reads first: counts, facet names, where every other file is
    search/docs-H.bin         the facet table (each letter's facet values) and each letter's length in words
    search/terms/H.bin        postings of a contiguous range of words: letter numbers and counts
    search/cards/H.bin        result cards, a hundred letters a file, in letter-number order
    search/text/SLUG-H.bin    a letter's own words, for excerpts

Every `.bin` file is gzip-compressed JSON (the browser decompresses it with its own
DecompressionStream, so no host needs to be told to compress) and is named by a hash of
its bytes: a rebuild changes the names of only the files whose content changed, and a
browser never mixes an old file with a new `meta.json`. The same documents always give
the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from .documents import FACETS, SearchDocument
from .tokens import words

FORMAT = 1
"""Bumped whenever a file's layout changes; search.js refuses an index of another format."""
ROOT = "search/"
META = ROOT + "meta.json"
SHARD_BYTES = 32_000
"""A term file holds words until its JSON reaches about this size; a word larger than that has a file to itself."""
CARDS_PER_FILE = 100
ORDERED_FACETS = {"year": True}
"""Facets whose values are listed newest first rather than alphabetically."""


def index_files(documents: Iterable[SearchDocument]) -> dict[str, bytes]:
    """Every file of the search index, {site-relative path: bytes}, for documents in number order.

    Documents are taken one at a time and let go: what stays is their postings (in
    compact arrays), cards and facet values, never their text.
    """
    files: dict[str, bytes] = {}
    postings = Postings()
    cards: list[str] = []
    chunk: list[dict[str, str]] = []
    facets: list[dict[str, tuple[str, ...]]] = []
    for number, document in enumerate(documents):
        postings.add(number, words(document.indexed))
        chunk.append({**document.card, "text": _put(files, f"text/{document.slug}-", document.text, level=6)})
        facets.append(document.facets)
        if len(chunk) == CARDS_PER_FILE:
            cards.append(_put(files, "cards/", chunk))
            chunk = []
    if chunk:
        cards.append(_put(files, "cards/", chunk))
    lengths = postings.lengths.tolist()
    meta = {
        "format": FORMAT,
        "documents": len(lengths),
        "average_length": round(sum(lengths) / len(lengths), 3) if lengths else 0,
        "facets": [[name, title] for name, title in FACETS.items()],
        "table": _put(files, "docs-", {"lengths": lengths, "facets": facet_table(facets)}),
        "terms": [[first, _put(files, "terms/", shard)] for first, shard in postings.shards()],
        "cards": cards,
        "cards_per_file": CARDS_PER_FILE,
    }
    files[META] = _json(meta).encode("utf-8")
    return files


class Postings:
    """For every word, the numbers of the letters holding it and how often, in compact arrays."""

    def __init__(self) -> None:
        self.numbers: dict[str, array] = {}
        self.counts: dict[str, array] = {}
        self.lengths = array("I")

    def add(self, number: int, found: list[str]) -> None:
        """Letter `number` holds the words `found` (in order, repeated as often as they occur)."""
        for word, count in Counter(found).items():
            if word not in self.numbers:
                self.numbers[word], self.counts[word] = array("I"), array("B")
            self.numbers[word].append(number)
            self.counts[word].append(min(count, 255))
        self.lengths.append(len(found))

    def shards(self) -> Iterator[tuple[str, dict[str, list[list[int]]]]]:
        """(first word, {word: [gaps between letter numbers, counts]}) for contiguous ranges of words.

        Words are ordered by UTF-16 code units, as JavaScript compares strings.
        """
        shard: dict[str, list[list[int]]] = {}
        size = 0
        for word in sorted(self.numbers, key=_utf16):
            found = self.numbers.pop(word)
            gaps = [found[0], *(b - a for a, b in zip(found, found[1:]))]
            entry_size = len(word) + 4 * len(gaps) + 8
            if shard and size + entry_size > SHARD_BYTES:
                yield next(iter(shard)), shard
                shard, size = {}, 0
            shard[word] = [gaps, self.counts.pop(word).tolist()]
            size += entry_size
        if shard:
            yield next(iter(shard)), shard


def _utf16(word: str) -> bytes:
    return word.encode("utf-16-be")


def facet_table(facets: Sequence[dict[str, tuple[str, ...]]]) -> dict:
    """Each facet's values, and each letter's value numbers (one number, or a list when it has several)."""
    table: dict = {}
    for name in FACETS:
        labels = sorted({v for values in facets for v in values[name]}, key=_value_order(name))
        number = {label: n for n, label in enumerate(labels)}
        of: list = []
        for values in facets:
            numbers = [number[v] for v in values[name]]
            of.append(numbers[0] if len(numbers) == 1 else numbers)
        table[name] = {"values": labels, "of": of}
    return table


def _value_order(name: str):
    if name in ORDERED_FACETS:
        return lambda label: (-int(label) if label.isdigit() else 0, label)
    return lambda label: (label.casefold(), label)


def _put(files: dict[str, bytes], prefix: str, content: object, level: int = 9) -> str:
    """Store `content` compressed under a name made of `prefix` and its hash; return that name."""
    raw = content if isinstance(content, str) else _json(content)
    packed = gzip.compress(raw.encode("utf-8"), compresslevel=level, mtime=0)
    name = f"{prefix}{hashlib.sha256(packed).hexdigest()[:16]}.bin"
    files[ROOT + name] = packed
    return name


def _json(content: object) -> str:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
