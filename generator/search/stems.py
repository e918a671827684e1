"""Stems: the Snowball algorithms for the archive's languages, from the `snowballstemmer` package.

A document's words are stemmed by the stemmer of its own language; a reader's query word
by all three (or the one the reader picks) in docs/assets/search.js, with the same
algorithms compiled to WebAssembly (npm's multilingual-stemmer, pinned in scripts/setup.sh).
The stem of a word's form is folded like a key, so a stem never depends on accents typed.
"""

from __future__ import annotations

from functools import cache, lru_cache

import snowballstemmer

from .tokens import fold

LANGUAGES: dict[str, str] = {"en": "english", "fr": "french", "es": "spanish"}
"""ISO 639-1 code → Snowball algorithm. Documents in other languages are matched by exact words only."""


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(LANGUAGES[language])


@lru_cache(maxsize=500_000)
def stem(language: str, form: str) -> str:
    """The folded Snowball stem of a word's form ('fr', 'licenciés' → 'licenci'); '' for a language without one."""
    if language not in LANGUAGES:
        return ""
    return fold(_stemmer(language).stemWord(form))


@lru_cache(maxsize=1_000_000)
def stem_key_of(language: str, form: str) -> str:
    """The index's key for the stem of a word's form in one language: 'fr:licenci'; '' for a language without stems."""
    stemmed = stem(language, form)
    return f"{language}:{stemmed}" if stemmed else ""
