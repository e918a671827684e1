"""Words as search sees them. docs/assets/search.js applies the same rule to a reader's query.

A word is a run of letters and digits after compatibility decomposition, with accents
(combining marks) removed and lower-cased: "Réfugiés" and "refugies" are one word,
in whichever of the archive's languages it is written.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
MAX_WORD = 40
"""Longer runs (hashes, URLs without separators) are cut: they are never typed in full."""


def fold(text: str) -> str:
    """Decompose, drop combining marks, lower-case."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def words(text: str) -> list[str]:
    """The words of `text`, in order, folded."""
    return [w[:MAX_WORD] for w in WORD.findall(fold(text))]
