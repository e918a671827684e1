"""The archive as tables: one row per letter, reply, allegation, norm link, mandate and signatory.

Made from the same linked views as the pages. List-valued fields (a letter's mandates, an
allegation's norms) have tables of their own, never packed into one cell. Each table
declares its fields with a Frictionless type and description, its primary key and its
foreign keys: data/datapackage.json is written from these declarations (generator/data/package.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import urls
from ..link.views import Views
from ..model.reference import country_name


@dataclass(frozen=True)
class Column:
    """A field of a table: name, Frictionless type, what it holds."""

    name: str
    type: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class Table:
    """One table of the archive's data, described and filled."""

    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = field(default_factory=tuple)
    """(fields, table they point to, its fields)."""

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"


def _c(name: str, kind: str, description: str, required: bool = True) -> Column:
    return Column(name, kind, description, required)


def archive_tables(views: Views) -> list[Table]:
    """Every table, in the order the data page lists them."""
    return [communications(views), communication_mandates(views), replies(views), allegations(views),
            norm_links(views), signatories(views), co_signers(views), mandates(views)]


def communications(views: Views) -> Table:
    """One row per letter."""
    rows = [
        (
            letter.reference, letter.ref.type, letter.ref.type_name, letter.date_sent.isoformat(),
            letter.public_on.isoformat(), letter.addressee.name, letter.addressee.kind,
            letter.addressee.country or None,
            country_name(letter.addressee.country) if letter.addressee.country else None, letter.language,
            views.status[letter.reference], len(views.replies.get(letter.reference, ())),
            _first_reply(views, letter.reference), len(letter.allegations), len(letter.questions),
            urls.absolute(urls.communication(letter.ref.slug), views.site_url),
        )
        for letter in views.letters
    ]
    columns = (
        _c("reference", "string", "The reference as printed, e.g. AL OTH 102/2021."),
        _c("type", "string", "Type code: AL, UA, OL, JAL, JUA, JOL."),
        _c("type_name", "string", "The type in words."),
        _c("date_sent", "date", "The date on the letter."),
        _c("date_public", "date",
           "When the letter became public (60 days after sending unless the record says otherwise)."),
        _c("addressee", "string", "Who the letter is addressed to."),
        _c("addressee_kind", "string", "state, company or organisation."),
        _c("country", "string", "ISO 3166-1 alpha-3 code of the State addressed, or of a company's country.", False),
        _c("country_name", "string", "The country's name.", False),
        _c("language", "string", "ISO 639-1 code of the letter's language."),
        _c("reply_status", "string", "replied, unanswered (60 days passed with no reply in the archive) or awaiting, "
           "as of the archive's as_of date."),
        _c("replies", "integer", "Replies in the archive."),
        _c("first_reply", "date", "The date of the first reply in the archive.", False),
        _c("allegations", "integer", "Allegations recorded for the letter."),
        _c("questions", "integer", "Numbered questions the letter asks."),
        _c("url", "string", "The letter's permanent page."),
    )
    return Table("communications", "Letters", columns, ("reference",), rows)


def _first_reply(views: Views, reference: str) -> str | None:
    found = views.replies.get(reference, ())
    return found[0].date.isoformat() if found else None


def communication_mandates(views: Views) -> Table:
    """One row per letter and mandate it was sent by, in the letter's order."""
    rows = [(letter.reference, n, m.mandate, m.resolution)
            for letter in views.letters for n, m in enumerate(letter.mandates, 1)]
    columns = (
        _c("reference", "string", "The letter."),
        _c("position", "integer", "Place of the mandate in the letter's list, from 1."),
        _c("mandate", "string", "Id of the mandate (mandates.csv)."),
        _c("resolution", "string", "The Human Rights Council resolution the letter cites for it."),
    )
    keys = ((("reference",), "communications", ("reference",)), (("mandate",), "mandates", ("id",)))
    return Table("communication_mandates", "Mandates of each letter", columns, ("reference", "position"), rows, keys)


def replies(views: Views) -> Table:
    """One row per reply in the archive."""
    rows = [
        (reply.reply_to, reply.date.isoformat(), reply.sender.name, reply.sender.kind, reply.language,
         len(reply.paragraphs), len(reply.attachments),
         (reply.date - views.by_reference[reply.reply_to].date_sent).days)
        for letter in views.letters for reply in views.replies.get(letter.reference, ())
    ]
    columns = (
        _c("reply_to", "string", "The letter it answers (communications.csv)."),
        _c("date", "date", "The date on the reply."),
        _c("sender", "string", "Who replied."),
        _c("sender_kind", "string", "state, company or organisation."),
        _c("language", "string", "ISO 639-1 code of the reply's language."),
        _c("paragraphs", "integer", "Paragraphs of its text transcribed (0 when only summarised)."),
        _c("attachments", "integer", "Documents sent with it."),
        _c("days_after_letter", "integer", "Days between the letter's date and the reply's."),
    )
    keys = ((("reply_to",), "communications", ("reference",)),)
    return Table("replies", "Replies", columns, ("reply_to", "date"), rows, keys)


def allegations(views: Views) -> Table:
    """One row per allegation, in the letter's words."""
    rows = [(letter.reference, a.id, a.title, a.paragraph, a.text)
            for letter in views.letters for a in letter.allegations]
    columns = (
        _c("reference", "string", "The letter."),
        _c("allegation", "string", "Id of the allegation within the letter."),
        _c("title", "string", "Title the archive gave it (editorial)."),
        _c("paragraph", "string", "Id of the letter's paragraph it is quoted from."),
        _c("text", "string", "The allegation in the letter's words."),
    )
    keys = ((("reference",), "communications", ("reference",)),)
    return Table("allegations", "Allegations", columns, ("reference", "allegation"), rows, keys)


def norm_links(views: Views) -> Table:
    """One row per allegation → norm, with its basis: the letter's own, or an editor's reading."""
    rows = [
        (letter.reference, a.id, link.norm, views.instrument_of.get(link.norm, link.norm), link.basis,
         link.note or None)
        for letter in views.letters for a in letter.allegations for link in a.norms
    ]
    columns = (
        _c("reference", "string", "The letter."),
        _c("allegation", "string", "The allegation (allegations.csv)."),
        _c("norm", "string", "Id of the provision or instrument in the norm catalogue."),
        _c("instrument", "string", "Id of its instrument."),
        _c("basis", "string", "letter: the letter or its annex makes the link; editorial: an editor's reading."),
        _c("note", "string", "The editor's note on the link.", False),
    )
    keys = ((("reference", "allegation"), "allegations", ("reference", "allegation")),)
    primary_key = ("reference", "allegation", "norm")
    return Table("norm_links", "Allegations and the norms they invoke", columns, primary_key, rows, keys)


def signatories(views: Views) -> Table:
    """One row per signature, in the letter's order."""
    rows = [(letter.reference, n, s.name, s.title, s.mandate)
            for letter in views.letters for n, s in enumerate(letter.signatories, 1)]
    columns = (
        _c("reference", "string", "The letter."),
        _c("position", "integer", "Place of the signature in the letter, from 1."),
        _c("name", "string", "The signatory's name as printed."),
        _c("title", "string", "The title printed under the name."),
        _c("mandate", "string", "Id of the mandate held (mandates.csv)."),
    )
    keys = ((("reference",), "communications", ("reference",)), (("mandate",), "mandates", ("id",)))
    return Table("signatories", "Signatories", columns, ("reference", "position"), rows, keys)


def co_signers(views: Views) -> Table:
    """One row per co-signer outside the UN special procedures (not a mandate: statistics do not count them)."""
    rows = [(letter.reference, n, c.name, c.title, c.body, c.legal_basis)
            for letter in views.letters for n, c in enumerate(letter.co_signers, 1)]
    columns = (
        _c("reference", "string", "The letter."),
        _c("position", "integer", "Place among the letter's co-signers, from 1."),
        _c("name", "string", "The co-signer's name as printed, if printed.", False),
        _c("title", "string", "The title as printed."),
        _c("body", "string", "The body whose mandate it is, as printed (not a UN special procedure)."),
        _c("legal_basis", "string", "The legal basis the letter cites for it, as printed.", False),
    )
    keys = ((("reference",), "communications", ("reference",)),)
    return Table("co_signers", "Co-signers outside the UN special procedures", columns, ("reference", "position"),
                 rows, keys)


def mandates(views: Views) -> Table:
    """One row per mandate in the catalogue, with how many letters it sent."""
    sent = {group.key: len(group.letters) for group in views.dimensions["mandates"].groups}
    rows = [(m.id, m.title, m.short_name, m.kind, sent.get(m.id, 0))
            for m in sorted(views.mandates.values(), key=lambda m: m.id)]
    columns = (
        _c("id", "string", "Stable id of the mandate."),
        _c("title", "string", "Full title as letters write it."),
        _c("short_name", "string", "Short name used in lists."),
        _c("kind", "string", "special-rapporteur, working-group or independent-expert."),
        _c("letters", "integer", "Letters in the archive sent by it (alone or jointly)."),
    )
    return Table("mandates", "Mandates", columns, ("id",), rows)


def table_rows(table: Table) -> Iterator[dict[str, Any]]:
    """The table's rows as {column: value}."""
    names = [c.name for c in table.columns]
    for row in table.rows:
        yield dict(zip(names, row, strict=True))
