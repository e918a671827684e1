"""Stage 6a: the archive's search index, static files that a small script in the browser reads.

`documents` turns linked letters into search documents (what is indexed, the facets a
reader filters by, the card a result shows); `tokens` is the one rule for words, shared
with docs/assets/search.js; `index` writes the files: postings sharded by term, a facet
table, result cards and the letters' words for excerpts.
"""

from __future__ import annotations

from ..link import Views
from .documents import search_documents
from .index import index_files


def search_index(views: Views) -> dict[str, bytes]:
    """Every file of the search index for the linked archive, {site-relative path: bytes}."""
    return index_files(search_documents(views))
