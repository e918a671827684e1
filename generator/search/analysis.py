"""What indexing one document produces, and a cache of it across builds.

Analysing a document (splitting its words, stemming them, counting them and its pairs of
adjacent words) is most of the index's cost. It depends only
on the document's words and on this package's code, so it is kept under a key of both: a
rebuild after one new letter analyses that letter alone and reads the others' back.

An entry is one file, a line of JSON (the counts), in the caches' one entry format (generator/util/entries.py:
a checksum of key and content, checked on every read, written whole or not at all), so a truncated, emptied,
flipped entry, or one moved under another key, is a miss, never an index built from the wrong document.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from ..util.entries import read_entry, write_entry
from .documents import SearchDocument
from .pairs import grouped_pairs
from .stems import stem_key_of
from .tokens import joined, keys_and_forms

MAX_COUNT = 255
"""Counts above this rank no higher: they are kept in a byte."""
NAME_WEIGHT = 5
"""A word in a document's names (reference, addressee, signatories, letterhead) counts as this many in its text."""


@dataclass(frozen=True)
class Analysis:
    """A document's words, stems and pairs of adjacent words, counted, and its length in words."""

    words: dict[str, int]
    """Key → weighted count, joined compounds included."""
    stems: dict[str, int]
    """'en:tortur' → weighted count; and 'ref:oth 102 2021'-like keys of a letter's reference."""
    pairs: dict[str, str]
    """How often two words stand together (no phrase spans two lines), for quoted phrases, ready for pairs.py:
    the pairs by their first characters, each group one string 'forced labour<US>2<TAB>forced to<US>1…'."""
    length: int


def reference_keys(reference: tuple[str, str, int, int] | None) -> list[str]:
    """The keys a query shaped like a reference looks up: 'AL OTH 102/2021', 'OTH 102/2021', '102/2021', 'OTH 102'."""
    if reference is None:
        return []
    kind, code, number, year = reference
    kind, code = kind.lower(), code.lower()
    return [f"ref:{kind} {code} {number} {year}", f"ref:{code} {number} {year}", f"ref:{number} {year}",
            f"ref:{code} {number}"]


def analyse(document: SearchDocument) -> Analysis:
    """Count a document's words and stems (names weighing NAME_WEIGHT) and its pairs of adjacent words.

    The work a word costs is kept to C loops (regular expressions, Counter, map, zip): a build
    analyses some fifty million words at full size. Stems are looked up once a distinct form.
    """
    words: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    length = 0
    fields = [(name, NAME_WEIGHT) for name in document.names] + [(text, 1) for _, text in document.lines]
    for text, weight in fields:
        keys, found_forms = keys_and_forms(text)
        _add(words, Counter(keys), weight)
        _add(words, Counter(joined(text)), weight)
        _add(forms, Counter(found_forms), weight)
        pairs.update(map(" ".join, pairwise(keys)))  # within a line: no phrase spans two
        length += len(keys)
    stems: Counter[str] = Counter()
    for form, count in forms.items():
        key = stem_key_of(document.language, form)
        if key:
            stems[key] += count
    for key in reference_keys(document.reference):
        stems[key] = 1
    return Analysis(
        words={w: min(c, MAX_COUNT) for w, c in sorted(words.items())},
        stems={s: min(c, MAX_COUNT) for s, c in sorted(stems.items())},
        pairs=grouped_pairs({p: min(c, MAX_COUNT) for p, c in sorted(pairs.items())}),
        length=length,
    )


def _add(total: Counter[str], counted: Counter[str], weight: int) -> None:
    if weight == 1:
        total.update(counted)
    else:
        for key, count in counted.items():
            total[key] += count * weight


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.digest()


def _inputs(document: SearchDocument) -> bytes:
    inputs = [document.language, document.names, document.lines, document.reference]
    return json.dumps(inputs, ensure_ascii=False).encode()


class AnalysisCache:
    """Analyses on disk, one small file per distinct document."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.read = 0
        self.analysed = 0
        self.damaged: list[Path] = []

    def analysis(self, document: SearchDocument) -> Analysis:
        """The document's analysis, from the cache when an intact entry holds it, else made and stored."""
        key = hashlib.sha256(_code_fingerprint() + _inputs(document)).hexdigest()
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
            entry = json.loads(rest)
            analysis = Analysis(dict(entry["words"]), dict(entry["stems"]), dict(entry["pairs"]), int(entry["length"]))
            counts = (*analysis.words.values(), *analysis.stems.values())
            grouped = analysis.pairs.values()
            if not all(isinstance(c, int) for c in counts) or not all(isinstance(p, str) for p in grouped):
                raise ValueError("shape")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):  # DamagedEntry is a ValueError
            self.damaged.append(path)
            return None
        return analysis

    def _put(self, path: Path, key: str, analysis: Analysis) -> None:
        entry = {"words": analysis.words, "stems": analysis.stems, "pairs": analysis.pairs, "length": analysis.length}
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        write_entry(path, key, line.encode("utf-8"))
