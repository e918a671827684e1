"""Words as search sees them. docs/assets/search.js applies the same rules to a reader's query.

A word is a run of letters and digits (combining marks stay inside it) in the text
normalised to NFC and lower-cased. It is kept in two forms:

- its *form*, as written: "réfugiés". Stemmers read this form, since Snowball's French and
  Spanish rules depend on accents ("licenciés" and "licenciement" share the stem "licenci"
  only with the accent).
- its *key*, the form after compatibility decomposition with combining marks removed:
  "refugies". Exact matching uses keys, so "Réfugiés" and "refugies" are one word in
  whichever of the archive's languages it is written.

Words joined by a hyphen or a slash with no space ("non-refoulement", "e-mail", "5/2020")
are also indexed joined ("nonrefoulement", "email", "52020"), so that each spelling finds
the other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
"""The combining marks a word may carry after lower-casing (e.g. "i̇" from "İ"): the same ranges in search.js."""
RUN = re.compile(rf"[\w{MARKS}]+")
"""Runs of letters, digits and marks, on a text whose underscores are spaces (so one character class: fast)."""
WORD = re.compile(r"[^\W_]+")
JOINED = re.compile(r"[^\W_]+(?:[-‐‑/][^\W_]+)+")
"""Words joined by hyphens (ASCII, U+2010, U+2011) or slashes, with no space."""
HAS_JOINER = re.compile(r"[^\W_][-‐‑/][^\W_]")
MAX_WORD = 40
"""Longer runs (hashes, URLs without separators) are cut: they are never typed in full."""


@dataclass(frozen=True)
class Word:
    """One word of a text: its key (for exact matching) and its form (for stemming)."""

    key: str
    form: str


def fold(text: str) -> str:
    """Decompose, drop combining marks, lower-case."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def prepared(text: str) -> str:
    """NFC, lower-cased: the text words are read from."""
    return text.lower() if text.isascii() else unicodedata.normalize("NFC", text).lower()


def split(text: str) -> list[Word]:
    """The words of `text`, in order."""
    return [Word(key, form) for key, form in zip(*keys_and_forms(text), strict=True)]


def keys_and_forms(text: str) -> tuple[list[str], list[str]]:
    """The keys and the forms of the words of `text`, in order (two lists of one length)."""
    lowered = prepared(text)
    if lowered.isascii():
        found = WORD.findall(lowered)
        if any(len(word) > MAX_WORD for word in found):
            found = [word[:MAX_WORD] for word in found]
        return found, found
    keys: list[str] = []
    forms: list[str] = []
    for run in RUN.findall(lowered.replace("_", " ")):
        if run.isascii():
            keys.append(run[:MAX_WORD])
            forms.append(run[:MAX_WORD])
            continue
        folded = WORD.findall(fold(run))
        if len(folded) == 1:
            keys.append(folded[0][:MAX_WORD])
            forms.append(run[:MAX_WORD])
        else:  # a compatibility character that folds into several words (½ → 1, 2), or none: each stands alone
            keys += [key[:MAX_WORD] for key in folded]
            forms += [key[:MAX_WORD] for key in folded]
    return keys, forms


def words(text: str) -> list[str]:
    """The keys of the words of `text`, in order."""
    return [word.key for word in split(text)]


def joined(text: str) -> Iterator[str]:
    """The joined key of every hyphenated or slashed compound in `text`: "non-refoulement" → "nonrefoulement"."""
    if not HAS_JOINER.search(text):
        return
    for compound in JOINED.findall(prepared(text)):
        key = "".join(words(compound))
        if key:
            yield key[:MAX_WORD]
