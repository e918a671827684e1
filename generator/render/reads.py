"""What each page reads: the records whose change makes it again, declared beside the renderers' list.

A rebuild makes a page's Markdown (and converts it to HTML) only when something it reads
changed; every other page is written from the page cache without being made at all
(generator/build.py). So each renderer declares here what it reads, as digests of records:

- every page reads the shared records: the archive's settings and address, the norms'
  catalogue and the mandates (few; a change to any of them makes every page again);
- a letter's page reads the letter, its replies and reply status, and every letter it names
  or that names it as batch (present or not: a letter added later turns a plain reference
  into a link);
- a list (a mandate's letters, a provision's citations) reads the letters it lists, in order;
- pages counting the whole archive (home, all letters, replies, statistics, data) read every
  letter, and so does the search index (kept whole across builds: generator/search/cache.py);
- a year's records as data (not a page, but made the same way) read that year's letters and
  their batches.

A letter's digest is that of its validated record and of its replies' (pydantic's JSON of
each, 0.3 s for 8,750 records), so an edit that changes nothing a record holds (a comment,
quoting style) changes no page. tests/builds/test_incremental.py holds each kind of change to the
bytes of a cold build; a renderer that reads more than it declares fails there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from ..link.views import Dimension, Group, Views
from ..model import Communication, Instrument, Provision

ABSENT = "absent"
"""What a named letter the archive does not hold reads as."""


@dataclass(frozen=True)
class Digests:
    """The digests pages are keyed by, computed once per build from the linked archive."""

    shared: str
    """The settings, the site's address, the norms' catalogue and the mandates."""
    letters: dict[str, str]
    """Each letter, by reference: its record, its replies' records and its reply status."""
    archive: str
    """Every letter, in the archive's order."""

    def of(self, references: Iterable[str]) -> list[str]:
        """The digests of letters by reference, in order; a reference the archive does not hold reads as absent."""
        return [self.letters.get(reference, f"{ABSENT}:{reference}") for reference in references]


def digests(views: Views) -> Digests:
    """The digests of the linked archive's records."""
    shared = _digest([
        _json(views.archive), views.site_url,
        *(_json(instrument) for instrument in views.instruments.values()),
        *(_json(provision) for provision in views.provisions.values()),
        *(_json(mandate) for mandate in views.mandates.values()),
    ])
    letters = {
        letter.reference: _digest([_json(letter), views.status[letter.reference],
                                   *(_json(reply) for reply in views.replies.get(letter.reference, ()))])
        for letter in views.letters
    }
    return Digests(shared, letters, _digest(letters.values()))


def letter_reads(letter: Communication, views: Views, known: Digests) -> list[str]:
    """A letter's page: the letter and its replies, and the letters it names or that name it as batch."""
    named = [related.reference for related in letter.related]
    named += views.batch.get(letter.reference, ())
    named += views.cited_in_text.get(letter.reference, ())
    return [known.shared, known.letters[letter.reference], *known.of(named)]


def list_reads(letters: Iterable[Communication], known: Digests, *about: str) -> list[str]:
    """A list of letters (a group, a norm's citations): those letters in order, and what the list is of."""
    return [known.shared, *about, *known.of(letter.reference for letter in letters)]


def group_reads(dimension: Dimension, group: Group, known: Digests) -> list[str]:
    """One mandate's, addressee's, country's, year's or type's letters."""
    return list_reads(group.letters, known, dimension.name, group.key, group.label)


def instrument_reads(instrument: Instrument, views: Views, known: Digests) -> list[str]:
    """An instrument's page: its provisions (in the shared catalogue) and every letter citing it or them."""
    return list_reads((i.letter for i in views.instrument_invocations(instrument.id)), known, instrument.id)


def provision_reads(provision: Provision, views: Views, known: Digests) -> list[str]:
    """A provision's page: the letters citing it, and the letter its words are quoted from."""
    quoted = [provision.text.quoted_in] if provision.text and provision.text.quoted_in else []
    citing = (i.letter for i in views.invocations.get(provision.id, ()))
    return [*list_reads(citing, known, provision.id), *known.of(quoted)]


def records_reads(year: int, letters: Iterable[Communication], views: Views, known: Digests) -> list[str]:
    """A year's records as data (generator/data/records.py): its letters with their replies and status, and their
    batches (which another letter naming them changes)."""
    held = [f"{known.letters[letter.reference]} {' '.join(views.batch.get(letter.reference, ()))}"
            for letter in letters]
    return [known.shared, str(year), *held]


def archive_reads(known: Digests, *about: str) -> list[str]:
    """Pages that count or list the whole archive."""
    return [known.shared, known.archive, *about]


def key_of(renderer: str, reads: Iterable[str]) -> str:
    """A page maker's key: its renderer and what it reads."""
    return _digest([renderer, *reads])


def _json(record: BaseModel) -> bytes:
    return record.__pydantic_serializer__.to_json(record)


def _digest(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()
