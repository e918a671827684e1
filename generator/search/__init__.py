"""The archive's search index, static files that a small script in the browser reads.

`documents` turns linked letters and replies into search documents (what is indexed, the
facets a reader filters by, the card a result shows); `tokens` is the one rule for words and
`stems` the Snowball stemmers, both shared with docs/assets/search.js; `analysis` counts a
document's words, stems and word pairs (cached across builds); `index` writes the files:
postings sharded by word, by stem and by word pair (`pairs`, written in bounded passes), a
facet table, result cards and the browser's stemmer (`assets`). Excerpts are read from the
letters' own pages by the browser: the index keeps no copy of the text. A rebuild in which
nothing the index reads changed takes the whole of it from the last build (`cache`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..link.views import Views
from .analysis import Analysis, AnalysisCache, analyse
from .cache import IndexCache
from .documents import SearchDocument, search_documents
from .index import index_files

__all__ = ["IndexReport", "search_index"]


@dataclass
class IndexReport:
    """How an index was made: letters analysed now, and read back from the cache."""

    analysed: int = 0
    cached: int = 0
    seconds: float = 0.0
    damaged: list[Path] = field(default_factory=list)
    """Cache entries that failed their checksum (what they held was made again)."""
    reused: bool = False
    """Whether the whole index was taken from the last build (nothing it reads changed)."""


def search_index(views: Views, cache_dir: Path | None = None, report: IndexReport | None = None,
                 workers: int = 1, reads: Sequence[str] = ()) -> dict[str, bytes]:
    """Every file of the search index for the linked archive, {site-relative path: bytes}.

    With `cache_dir`, letters analysed by an earlier build are read back from there; with `reads` too (the digests
    of what the index reads: `archive_reads(known, "search")`, generator/render/reads.py), the whole index is, when
    an earlier build made it from the same. `workers`: processes the word pairs' postings are aggregated on (the
    same bytes with any number).
    """
    started = time.perf_counter()
    report = report if report is not None else IndexReport()
    whole = IndexCache(cache_dir / "index", reads) if cache_dir is not None and reads else None
    files = whole.get() if whole is not None else None
    if files is not None:
        report.reused = True
    else:
        cache = AnalysisCache(cache_dir) if cache_dir is not None else None
        documents = search_documents(views)
        files = index_files(_analysed(documents, cache), views.archive.spelling_variants, workers)
        report.analysed = cache.analysed if cache else len(views.letters) + sum(map(len, views.replies.values()))
        report.cached = cache.read if cache else 0
        report.damaged = cache.damaged if cache else []
        if whole is not None:
            whole.put(files)
    if whole is not None:
        report.damaged += whole.damaged
    report.seconds = time.perf_counter() - started
    return files


def _analysed(documents: Iterator[SearchDocument],
              cache: AnalysisCache | None) -> Iterator[tuple[SearchDocument, Analysis]]:
    for document in documents:
        yield document, (cache.analysis(document) if cache else analyse(document))
