"""Letters as search documents: the words indexed, the facets a reader filters by, the result card.

Documents are numbered in date order (oldest first, same day by reference), so a
document's number is its place in "oldest first" and the reverse of "newest first":
the browser orders results by date with no date table at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..link import REPLY_STATUS_LABELS, Views
from ..model import Communication
from ..model.reference import country_name
from ..render import urls
from ..render.communication import KIND_LABELS

FACETS: dict[str, str] = {
    "type": "Type",
    "year": "Year",
    "reply": "Reply",
    "country": "Country",
    "kind": "Addressee kind",
    "addressee": "Addressee",
    "mandate": "Mandate",
    "instrument": "Instrument",
}
"""Facet name (in result URLs) → heading, in the order the search page shows them."""


@dataclass(frozen=True)
class SearchDocument:
    """One letter as search holds it."""

    slug: str
    card: dict[str, str]
    """What a result shows: reference, URL, addressee, date, type, reply status."""
    facets: dict[str, tuple[str, ...]]
    """Facet name → the letter's values (a letter has several mandates, several instruments)."""
    text: str
    """The letter's own words, in order: the excerpts of results are taken from these."""
    indexed: str
    """`text` with the reference, addressee and signatories: every word a reader may search by."""


def search_documents(views: Views) -> Iterator[SearchDocument]:
    """Every letter as a search document, oldest first, made one at a time."""
    for letter in sorted(views.letters, key=lambda letter: (letter.date_sent, letter.ref)):
        yield search_document(letter, views)


def search_document(letter: Communication, views: Views) -> SearchDocument:
    """One letter as a search document."""
    text = letter_words(letter)
    names = [letter.reference, letter.addressee.name, letter.addressee.person or ""]
    names += [s.name for s in letter.signatories]
    return SearchDocument(
        slug=letter.ref.slug,
        card={
            "reference": letter.reference,
            "url": urls.communication(letter.ref.slug),
            "addressee": letter.addressee.name,
            "date": letter.date_sent.isoformat(),
            "type": letter.ref.type_name,
            "reply": REPLY_STATUS_LABELS[views.status[letter.reference]],
        },
        facets=facet_values(letter, views),
        text=text,
        indexed="\n".join([*names, text]),
    )


def letter_words(letter: Communication) -> str:
    """The letter's own words: letterhead, salutation, paragraphs, questions, footnotes; one per line."""
    parts = [letter.letterhead or "", letter.salutation]
    parts += [p.text for p in letter.paragraphs()]
    parts += [f"{q.number}. {q.text}" for q in letter.questions]
    parts += [f.text for f in letter.footnotes]
    return "\n".join(p for p in parts if p)


def facet_values(letter: Communication, views: Views) -> dict[str, tuple[str, ...]]:
    """The letter's value(s) of every facet in FACETS."""
    mandates = [views.mandates[m.mandate].short_name if m.mandate in views.mandates else m.mandate for m in letter.mandates]
    instruments = [views.instrument_of.get(norm, norm) for norm in cited_norms(letter)]
    country = letter.addressee.country
    values = {
        "type": [letter.ref.type_name],
        "year": [str(letter.date_sent.year)],
        "reply": [REPLY_STATUS_LABELS[views.status[letter.reference]]],
        "country": [country_name(country) or country] if country else [],
        "kind": [KIND_LABELS[letter.addressee.kind]],
        "addressee": [letter.addressee.name],
        "mandate": mandates,
        "instrument": [views.instruments[i].short_title for i in instruments if i in views.instruments],
    }
    return {name: tuple(dict.fromkeys(found)) for name, found in values.items()}


def cited_norms(letter: Communication) -> list[str]:
    """Every norm the letter's allegations invoke or its paragraphs cite, in first-mention order."""
    norms = [n.norm for a in letter.allegations for n in a.norms]
    norms += [c.norm for p in letter.paragraphs() for c in p.cites]
    return list(dict.fromkeys(norms))
