"""The search index as static files, written from search documents in one pass.

    search/meta.json          what the browser reads first (never from a stale cache): the format, the count, the
                              index file
    search/index-H.bin        where every other file is, facet names, each document's length, the spelling variants
    search/facets-H.bin       each facet's values and which documents have them (read only for filters and counts)
    search/terms/H.bin        postings of a contiguous range of words: document numbers and counts
    search/stems/H.bin        postings of a range of stems ('en:tortur') and of reference keys ('ref:oth 102 2021')
    search/pairs-H.bin        which pairs of words each pairs/ file holds (read only for quoted phrases)
    search/pairs/H.bin        postings of a range of pairs of adjacent words ('forced labour'): documents and counts
    search/cards/H.bin        result cards, a hundred documents a file, in number order
    search/stemmer-H.js, .bin the Snowball stemmers for the browser (npm's multilingual-stemmer; the .wasm compressed)

Every `.bin` file is gzip-compressed JSON (the browser decompresses it with its own
DecompressionStream, so no host needs to be told to compress) and is named by a hash of
its bytes: a rebuild changes the names of only the files whose content changed, and a
browser never mixes an old file with a new `meta.json`. The same documents always give
the same bytes.

There is no copy of the documents' text: a result's excerpt is read from the page the result
links to (search.js fetches the pages of the results it shows, which hold every paragraph
under its id), and so is the check of a quoted phrase of three words or more (the pairs'
postings hold documents, not positions: see pairs.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

from .analysis import Analysis
from .assets import stemmer_files
from .documents import FACETS, SearchDocument
from .pairs import PairPostings
from .tokens import words

FORMAT = 3
"""Bumped whenever a file's layout changes; search.js refuses an index of another format."""
ROOT = "search/"
META = ROOT + "meta.json"
SHARD_BYTES = 32_000
"""A term file holds words until its JSON reaches about this size; a word larger than that has a file to itself."""
CARDS_PER_FILE = 100
LENGTH_UNIT = 16
"""Document lengths (for relevance) are kept in units of this many words: exact enough, and half the bytes."""
NEWEST_FIRST = frozenset({"year"})
"""Facets whose values are listed newest first rather than alphabetically."""


def index_files(analysed: Iterable[tuple[SearchDocument, Analysis]],
                variants: Sequence[Sequence[str]] = (), workers: int = 1) -> dict[str, bytes]:
    """Every file of the search index, {site-relative path: bytes}, for documents in number order; the pairs'
    postings aggregated on `workers` processes.

    Documents are taken one at a time and let go: what stays is their words' and stems' postings
    (in compact arrays), cards and facet values, never their text; their pairs go to disk (pairs.py).
    """
    files: dict[str, bytes] = {}
    terms, stems, pairs = Postings(), Postings(), PairPostings()
    lengths = array("I")
    cards: list[str] = []
    chunk: list[dict] = []
    facets: list[dict[str, tuple[str, ...]]] = []
    replies: list[int] = []
    for number, (document, analysis) in enumerate(analysed):
        terms.add(number, analysis.words)
        stems.add(number, analysis.stems)
        pairs.add(number, analysis.pairs)
        lengths.append(analysis.length)
        chunk.append(document.card)
        facets.append(document.facets)
        if document.card["kind"] == "reply":
            replies.append(number)
        if len(chunk) == CARDS_PER_FILE:
            cards.append(_put(files, "cards/", chunk))
            chunk = []
    if chunk:
        cards.append(_put(files, "cards/", chunk))
    directory = {
        "average_length": round(sum(lengths) / len(lengths), 3) if lengths else 0,
        "length_unit": LENGTH_UNIT,
        "lengths": [round(n / LENGTH_UNIT) for n in lengths],
        "facets": [[name, title] for name, title in FACETS.items()],
        "values": _put(files, "facets-", facet_table(facets)),
        "terms": [[first, _put(files, "terms/", shard)] for first, shard in terms.shards()],
        "stems": [[first, _put(files, "stems/", shard)] for first, shard in stems.shards()],
        # Read only for quoted phrases: at full size the list of pair files alone is 145 KB compressed.
        "pairs": _put(files, "pairs-",
                      [[first, _put_json(files, "pairs/", shard)] for first, shard in _shards(pairs.entries(workers))]),
        "cards": cards,
        "cards_per_file": CARDS_PER_FILE,
        "replies": _gaps(replies),
        "variants": variant_table(variants),
    }
    meta = {
        "format": FORMAT, "documents": len(lengths), "index": _put(files, "index-", directory),
        "stemmer": _put_stemmer(files),  # here, so that the browser fetches it beside the index file
    }
    files[META] = _json(meta).encode("utf-8")
    return files


def variant_table(groups: Sequence[Sequence[str]]) -> dict[str, list[str]]:
    """Each word of the editors' spelling variants → the other words of its groups, as keys."""
    table: dict[str, list[str]] = {}
    for group in groups:
        keys = list(dict.fromkeys(key for word in group for key in words(word)))
        for key in keys:
            table.setdefault(key, [])
            table[key] += [other for other in keys if other != key and other not in table[key]]
    return dict(sorted(table.items()))


def _put_stemmer(files: dict[str, bytes]) -> list[str]:
    """The stemmer's module as it is, and its WebAssembly gzip-compressed (376 KB → 124 KB): their names."""
    (_, module), (_, wasm) = stemmer_files()
    return [_put_packed(files, "stemmer-", module, ".js"),
            _put_packed(files, "stemmer-", gzip.compress(wasm, 9, mtime=0))]


class Postings:
    """For every key, the numbers of the documents holding it and how often, in compact arrays."""

    def __init__(self) -> None:
        self.numbers: dict[str, array] = {}
        self.counts: dict[str, array] = {}

    def add(self, number: int, counted: dict[str, int]) -> None:
        """Document `number` holds these keys, this often."""
        for key, count in counted.items():
            if key not in self.numbers:
                self.numbers[key], self.counts[key] = array("I"), array("B")
            self.numbers[key].append(number)
            self.counts[key].append(count)

    def shards(self) -> Iterator[tuple[str, dict[str, list[list[int]]]]]:
        """(first key, {key: [gaps between document numbers, counts]}) for contiguous ranges of keys."""

        def entry(key: str) -> tuple[str, list, int]:
            numbers = self.numbers.pop(key)
            return key, [_gaps(numbers), self.counts.pop(key).tolist()], 2 * len(numbers)

        return _shards(map(entry, sorted(self.numbers, key=_utf16)))


def _shards(entries: Iterable[tuple[str, object, int]]) -> Iterator[tuple[str, dict]]:
    """(key, value, how many numbers the value holds) in UTF-16 order (as JavaScript compares strings),
    cut into files of about SHARD_BYTES (a number is about four bytes in the file)."""
    shard: dict = {}
    size = 0
    for key, value, numbers in entries:
        entry_size = len(key) + 4 * numbers + 8
        if shard and size + entry_size > SHARD_BYTES:
            yield next(iter(shard)), shard
            shard, size = {}, 0
        shard[key] = value
        size += entry_size
    if shard:
        yield next(iter(shard)), shard


def _utf16(word: str) -> bytes:
    return word.encode("utf-16-be")


def facet_table(facets: Sequence[dict[str, tuple[str, ...]]]) -> dict:
    """Each facet's values, and which letters have each.

    A facet of one value a letter ("of") lists each letter's value number, -1 for none; a facet
    of several ("letters") lists, for each value, the gaps between the numbers of its letters:
    the smaller of the two forms for each.
    """
    table: dict = {}
    for name in FACETS:
        labels = sorted({v for values in facets for v in values[name]}, key=_value_order(name))
        number = {label: n for n, label in enumerate(labels)}
        if all(len(values[name]) <= 1 for values in facets):
            of = [number[values[name][0]] if values[name] else -1 for values in facets]
            table[name] = {"values": labels, "of": of}
            continue
        letters: list[list[int]] = [[] for _ in labels]
        for n, values in enumerate(facets):
            for label in values[name]:
                letters[number[label]].append(n)
        table[name] = {"values": labels, "letters": [_gaps(found) for found in letters]}
    return table


def _gaps(numbers: Sequence[int]) -> list[int]:
    return [numbers[0], *(b - a for a, b in pairwise(numbers))] if numbers else []


def _value_order(name: str):
    if name in NEWEST_FIRST:
        return lambda label: (-int(label) if label.isdigit() else 0, label)
    return lambda label: (label.casefold(), label)


def _put(files: dict[str, bytes], prefix: str, content: object) -> str:
    """Store `content` as compressed JSON under a name made of `prefix` and its hash; return that name.

    Level 6, not 9: on the term files of 20,000 letters, 3 % more bytes and 8.6× less time (1.4 s, not 12.4 s).
    """
    return _put_text(files, prefix, _json(content))


def _put_json(files: dict[str, bytes], prefix: str, shard: dict[str, str]) -> str:
    """_put for a shard whose values are JSON text already: the same bytes as _put of the values they encode."""
    return _put_text(files, prefix, "{" + ",".join(f"{_json(key)}:{value}" for key, value in shard.items()) + "}")


def _put_text(files: dict[str, bytes], prefix: str, text: str) -> str:
    return _put_packed(files, prefix, gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def _put_packed(files: dict[str, bytes], prefix: str, packed: bytes, suffix: str = ".bin") -> str:
    name = f"{prefix}{hashlib.sha256(packed).hexdigest()[:12]}{suffix}"
    files[ROOT + name] = packed
    return name


def _json(content: object) -> str:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
