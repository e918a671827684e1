"""Letters and replies as search documents: the words indexed, the facets a reader filters by, the result card.

Documents are numbered in date order (oldest first; the same day, letters before replies,
then by reference), so a document's number is its place in "oldest first" and the reverse
of "newest first": the browser orders results by date with no date table at all.

A document has two fields. Its *names* (reference, addressee or sender, the person named,
signatories, letterhead) weigh more in ranking than the same word in its *lines*, the
text itself, each line with the id of the element that holds it on the letter's page
(`p12`, `question-3`, `reply-2021-05-10-p2`), so that a result links to its paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import urls
from ..labels import ADDRESSEE_KINDS
from ..link.views import REPLY_STATUS_LABELS, Views
from ..model import Communication, Reply
from ..model.reference import country_name

FACETS: dict[str, str] = {
    "document": "Document",
    "type": "Type",
    "year": "Year",
    "reply": "Reply",
    "country": "Country",
    "kind": "Addressee kind",
    "addressee": "Addressee",
    "mandate": "Mandate",
    "instrument": "Instrument",
    "norm": "Norm cited",
    "language": "Language",
}
"""Facet name (in result URLs) → heading, in the order the search page shows them."""
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}
DOCUMENT_LABELS = {"letter": "Letter", "reply": "Reply"}


@dataclass(frozen=True)
class SearchDocument:
    """One letter or reply as search holds it."""

    slug: str
    """A name unique in the archive: the letter's slug, or the reply's."""
    language: str
    card: dict
    """What a result shows: kind, reference, URL, addressee or sender, date, type, reply status, language, names."""
    facets: dict[str, tuple[str, ...]]
    """Facet name → the document's values (a letter has several mandates, several instruments)."""
    names: tuple[str, ...]
    """Reference, addressee or sender, person, signatories, letterhead: words that rank above the text's."""
    lines: tuple[tuple[str, str], ...]
    """(id of the element on the letter's page, or '', text) for each line of the document's own words."""
    reference: tuple[str, str, int, int] | None = None
    """A letter's (type, country, number, year), for queries shaped like a reference; None for a reply."""


def search_documents(views: Views) -> Iterator[SearchDocument]:
    """Every letter and reply as a search document, oldest first, made one at a time."""
    dated: list[tuple[tuple, Communication | Reply]] = [
        ((letter.date_sent, 0, letter.reference), letter) for letter in views.letters
    ]
    dated += [((r.date, 1, r.reply_to, r.sender.name), r) for rs in views.replies.values() for r in rs]
    for _, record in sorted(dated, key=lambda pair: pair[0]):
        if isinstance(record, Communication):
            yield letter_document(record, views)
        else:
            yield reply_document(record, views)


def letter_document(letter: Communication, views: Views) -> SearchDocument:
    """One letter as a search document."""
    signatories = [s.name for s in letter.signatories]
    person = letter.addressee.person
    names = [letter.reference, letter.addressee.name, person or "", *signatories, letter.letterhead or ""]
    ref = letter.ref
    return SearchDocument(
        slug=ref.slug,
        language=letter.language,
        card={
            "kind": "letter",
            "reference": letter.reference,
            "url": urls.communication(ref.slug),
            "addressee": letter.addressee.name,
            "date": letter.date_sent.isoformat(),
            "type": ref.type_name,
            "reply": REPLY_STATUS_LABELS[views.status[letter.reference]],
            "lang": letter.language,
            "names": ([["Person", person]] if person else []) + [["Signed by", s] for s in signatories],
        },
        facets=facet_values(letter, views),
        names=tuple(n for n in names if n),
        lines=letter_lines(letter),
        reference=(ref.type, ref.addressee_code, ref.number, ref.year),
    )


def reply_document(reply: Reply, views: Views) -> SearchDocument:
    """One reply as a search document: a result of its own, on its letter's page."""
    letter = views.by_reference[reply.reply_to]
    anchor = urls.reply_anchor(reply.date)
    facets = dict(facet_values(letter, views))
    facets.update(
        document=(DOCUMENT_LABELS["reply"],), year=(str(reply.date.year),), reply=(), instrument=(), norm=(),
        kind=(ADDRESSEE_KINDS[reply.sender.kind],), addressee=(reply.sender.name,),
        language=(LANGUAGE_NAMES.get(reply.language, reply.language),),
    )
    return SearchDocument(
        slug=reply.slug,
        language=reply.language,
        card={
            "kind": "reply",
            "reference": letter.reference,
            "url": urls.reply(letter.ref.slug, reply.date),
            "addressee": reply.sender.name,
            "date": reply.date.isoformat(),
            "type": "Reply",
            "reply": "",
            "lang": reply.language,
            "names": [["Signed by", reply.sender.person]] if reply.sender.person else [],
        },
        facets=facets,
        names=tuple(n for n in (letter.reference, reply.sender.name, reply.sender.person or "") if n),
        lines=reply_lines(reply, anchor),
    )


def letter_lines(letter: Communication) -> tuple[tuple[str, str], ...]:
    """The letter's own words: letterhead, salutation, paragraphs, questions, footnotes; each with its element's id."""
    lines = [("", letter.letterhead or ""), ("", letter.salutation)]
    lines += [(p.id, p.text) for p in letter.paragraphs()]
    lines += [(f"question-{q.number}", f"{q.number}. {q.text}") for q in letter.questions]
    lines += [(f"fn-{f.number}", f.text) for f in letter.footnotes]
    return tuple((anchor, text) for anchor, text in lines if text)


def reply_lines(reply: Reply, anchor: str) -> tuple[tuple[str, str], ...]:
    """The reply's words (or its editorial summary when its text is not transcribed)."""
    if reply.paragraphs:
        return tuple((f"{anchor}-{p.id}", p.text) for p in reply.paragraphs)
    return ((anchor, reply.summary.text),) if reply.summary else ()


def facet_values(letter: Communication, views: Views) -> dict[str, tuple[str, ...]]:
    """The letter's value(s) of every facet in FACETS."""
    mandates = [views.mandates[m.mandate].short_name if m.mandate in views.mandates else m.mandate
                for m in letter.mandates]
    instruments = [views.instrument_of.get(norm, norm) for norm in cited_norms(letter)]
    country = letter.addressee.country
    values = {
        "document": [DOCUMENT_LABELS["letter"]],
        "type": [letter.ref.type_name],
        "year": [str(letter.date_sent.year)],
        "reply": [REPLY_STATUS_LABELS[views.status[letter.reference]]],
        "country": [country_name(country) or country] if country else [],
        "kind": [ADDRESSEE_KINDS[letter.addressee.kind]],
        "addressee": [letter.addressee.name],
        "mandate": mandates,
        "instrument": [views.instruments[i].short_title for i in instruments if i in views.instruments],
        "norm": [views.norm_value(n) for n in cited_norms(letter) if n in views.instruments or n in views.provisions],
        "language": [LANGUAGE_NAMES.get(letter.language, letter.language)],
    }
    return {name: tuple(dict.fromkeys(found)) for name, found in values.items()}


def cited_norms(letter: Communication) -> list[str]:
    """Every norm the letter's allegations invoke or its paragraphs cite, in first-mention order."""
    norms = [n.norm for a in letter.allegations for n in a.norms]
    norms += [c.norm for p in letter.paragraphs() for c in p.cites]
    return list(dict.fromkeys(norms))
