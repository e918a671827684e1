"""Cross-record views, computed once for the whole archive.

Every question a page asks of other records (which allegations invoke this norm,
which replies answer this letter, which letters share this mandate) is answered here,
in one pass over the content. The pages about the whole archive (the latest letters,
replies received, letters unanswered) filter these views as they list them, and the
reply rates (rates.py) are counted from them by the statistics page and the charts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from .. import urls
from ..model import (
    Allegation,
    Archive,
    Citation,
    Communication,
    Instrument,
    Mandate,
    NormLink,
    Paragraph,
    Provision,
    Reply,
)
from ..model.communication import PUBLICATION_DELAY
from ..model.reference import REFERENCE_IN_TEXT, TYPES, country_name
from ..validate.content import Content

ReplyStatus = Literal["replied", "unanswered", "awaiting"]
REPLY_STATUS_LABELS: dict[str, str] = {
    "replied": "Reply received",
    "unanswered": "No reply in the archive",
    "awaiting": "No reply yet (within 60 days)",
}
DIMENSIONS = {
    "mandates": "Mandates",
    "addressees": "Addressees",
    "countries": "Countries",
    "years": "Years",
    "types": "Types",
}
DIMENSION_SINGULAR = {
    "mandates": "Mandate",
    "addressees": "Addressee",
    "countries": "Country",
    "years": "Year",
    "types": "Type",
}
"""The heading of a dimension's column: one value of it."""


@dataclass(frozen=True)
class Invocation:
    """A place in the archive that cites a norm: an allegation, or an annex citation."""

    letter: Communication
    norm: str
    allegation: Allegation | None = None
    link: NormLink | None = None
    paragraph: Paragraph | None = None
    citation: Citation | None = None


@dataclass(frozen=True)
class Group:
    """One value of a browse dimension (a mandate, a country, …) and its letters, newest first."""

    key: str
    label: str
    letters: tuple[Communication, ...]


@dataclass(frozen=True)
class Dimension:
    """A way to browse the archive, with its groups in display order."""

    name: str
    title: str
    groups: tuple[Group, ...]
    by_key: dict[str, Group] = field(default_factory=dict)


@dataclass(frozen=True)
class Views:
    """Everything renderers need beyond a single record."""

    archive: Archive
    letters: tuple[Communication, ...]
    by_reference: dict[str, Communication]
    replies: dict[str, tuple[Reply, ...]]
    status: dict[str, ReplyStatus]
    batch: dict[str, tuple[str, ...]]
    cited_in_text: dict[str, tuple[str, ...]]
    instruments: dict[str, Instrument]
    provisions: dict[str, Provision]
    instrument_of: dict[str, str]
    provisions_of: dict[str, tuple[Provision, ...]]
    invocations: dict[str, tuple[Invocation, ...]]
    mandates: dict[str, Mandate]
    dimensions: dict[str, Dimension]
    addressee_key: dict[str, str]
    site_url: str = ""
    """The archive's public address (mkdocs.yml's site_url), for permanent URLs in citations; '' when not set."""

    def norm_label(self, norm_id: str) -> str:
        """"UNGP, Guiding Principle 13" for a provision, "UNGP" for an instrument."""
        if norm_id in self.instruments:
            return self.instruments[norm_id].short_title
        provision = self.provisions[norm_id]
        instrument = self.instruments[self.instrument_of[norm_id]]
        return f"{instrument.short_title}, {instrument.provision_label} {provision.number}"

    def norm_value(self, norm_id: str) -> str:
        """The norm in the search's 'Norm cited' facet: "UNGP, Guiding Principle 13", or "UNGP as a whole"."""
        label = self.norm_label(norm_id)
        return f"{label} as a whole" if norm_id in self.instruments else label

    def instrument_invocations(self, instrument_id: str) -> tuple[Invocation, ...]:
        """Everything citing the instrument itself or any of its provisions: newest letter first, then by norm."""
        ids = [instrument_id, *(p.id for p in self.provisions_of.get(instrument_id, ()))]
        found = [i for norm in ids for i in self.invocations.get(norm, ())]
        rank = self._rank
        return tuple(sorted(found, key=lambda i: (rank[i.letter.reference], i.norm)))

    @cached_property
    def _rank(self) -> dict[str, int]:
        """Each letter's place in `letters`, whose order is `_letter_order`: a sort key as good, and a lookup (an
        instrument's page and its reads sort 840,000 invocations at 20,000 letters)."""
        return {letter.reference: n for n, letter in enumerate(self.letters)}


def link_content(content: Content) -> Views:
    """Compute every cross-record view of validated content."""
    assert content.settings is not None, "link_content needs valid content"
    letters = tuple(sorted((p.record for p in content.communications), key=_letter_order))
    by_reference = {letter.reference: letter for letter in letters}
    replies = _replies(content, by_reference)
    instruments, provisions, instrument_of, provisions_of = _catalogue(content)
    addressee_key = {letter.reference: addressee_key_of(letter) for letter in letters}
    mandates = {p.record.id: p.record for p in content.mandates}
    return Views(
        archive=content.settings,
        letters=letters,
        by_reference=by_reference,
        replies=replies,
        status={letter.reference: reply_status(letter, replies, content.settings.as_of) for letter in letters},
        batch=_batches(letters, by_reference),
        cited_in_text=_cited_in_text(letters, by_reference),
        instruments=instruments,
        provisions=provisions,
        instrument_of=instrument_of,
        provisions_of=provisions_of,
        invocations=_invocations(letters),
        mandates=mandates,
        dimensions=_dimensions(letters, mandates, addressee_key),
        addressee_key=addressee_key,
    )


def _letter_order(letter: Communication) -> tuple:
    """Newest first; same day by reference."""
    return (-letter.date_sent.toordinal(), letter.ref)


def reply_status(letter: Communication, replies: dict[str, tuple[Reply, ...]], as_of: date) -> ReplyStatus:
    """Replied; unanswered once 60 days have passed since sending (judged on `as_of`); else awaiting."""
    if replies.get(letter.reference):
        return "replied"
    return "unanswered" if as_of >= letter.date_sent + PUBLICATION_DELAY else "awaiting"


def _replies(content: Content, by_reference: dict[str, Communication]) -> dict[str, tuple[Reply, ...]]:
    grouped: dict[str, list[Reply]] = defaultdict(list)
    for placed in content.replies:
        if placed.record.reply_to in by_reference:
            grouped[placed.record.reply_to].append(placed.record)
    return {ref: tuple(sorted(found, key=lambda r: r.date)) for ref, found in grouped.items()}


def _catalogue(content: Content) -> tuple[dict, dict, dict, dict]:
    instruments: dict[str, Instrument] = {}
    provisions: dict[str, Provision] = {}
    instrument_of: dict[str, str] = {}
    provisions_of: dict[str, tuple[Provision, ...]] = {}
    for placed in sorted(content.norms, key=lambda p: p.record.instrument.id):
        instrument = placed.record.instrument
        instruments[instrument.id] = instrument
        provisions_of[instrument.id] = tuple(placed.record.provisions)
        for provision in placed.record.provisions:
            provisions[provision.id] = provision
            instrument_of[provision.id] = instrument.id
    return instruments, provisions, instrument_of, provisions_of


def _batches(letters: tuple[Communication, ...], by_reference: dict[str, Communication]) -> dict[str, tuple[str, ...]]:
    """Letters of the same batch, both ways: if A names B as batch, B's page lists A."""
    related: dict[str, set[str]] = defaultdict(set)
    for letter in letters:
        for other in letter.related:
            if other.relation == "batch" and other.reference in by_reference:
                related[letter.reference].add(other.reference)
                related[other.reference].add(letter.reference)
    return {ref: tuple(sorted(refs, key=lambda r: by_reference[r].ref)) for ref, refs in related.items()}


def _cited_in_text(letters: tuple[Communication, ...],
                   by_reference: dict[str, Communication]) -> dict[str, tuple[str, ...]]:
    """References to other communications written in a letter's text, in order of first mention."""
    cited: dict[str, tuple[str, ...]] = {}
    for letter in letters:
        texts = ([p.text for p in letter.paragraphs()] + [q.text for q in letter.questions]
                 + [f.text for f in letter.footnotes])
        found = dict.fromkeys(m.group(0) for text in texts for m in REFERENCE_IN_TEXT.finditer(text))
        found.pop(letter.reference, None)
        if found:
            cited[letter.reference] = tuple(found)
    return cited


def _invocations(letters: tuple[Communication, ...]) -> dict[str, tuple[Invocation, ...]]:
    found: dict[str, list[Invocation]] = defaultdict(list)
    for letter in letters:
        for allegation in letter.allegations:
            for norm_link in allegation.norms:
                found[norm_link.norm].append(Invocation(letter, norm_link.norm, allegation=allegation, link=norm_link))
        for paragraph in letter.paragraphs():
            for citation in paragraph.cites:
                found[citation.norm].append(Invocation(letter, citation.norm, paragraph=paragraph, citation=citation))
    return {norm: tuple(items) for norm, items in found.items()}


def slugify(text: str) -> str:
    """A URL-safe slug of a name; a short hash when the name has no Latin letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or "n-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def addressee_key_of(letter: Communication) -> str:
    """The addressee's URL key: its name as a slug."""
    return slugify(letter.addressee.name)


def _dimensions(
    letters: tuple[Communication, ...], mandates: dict[str, Mandate], addressee_key: dict[str, str]
) -> dict[str, Dimension]:
    members: dict[str, dict[str, list[Communication]]] = {name: defaultdict(list) for name in DIMENSIONS}
    labels: dict[str, dict[str, str]] = {name: {} for name in DIMENSIONS}
    for letter in letters:
        keys = {
            "mandates": [(m.mandate, mandates[m.mandate].short_name if m.mandate in mandates else m.mandate)
                         for m in letter.mandates],
            "addressees": [(addressee_key[letter.reference], letter.addressee.name)],
            "countries": [(c.lower(), country_name(c) or c) for c in [letter.addressee.country] if c],
            "years": [(str(letter.date_sent.year), str(letter.date_sent.year))],
            "types": [(letter.ref.type.lower(), f"{TYPES[letter.ref.type]} ({letter.ref.type})")],
        }
        for name, pairs in keys.items():
            for key, label in pairs:
                members[name][key].append(letter)
                labels[name].setdefault(key, label)
    return {name: _dimension(name, members[name], labels[name]) for name in DIMENSIONS}


def _dimension(name: str, members: dict[str, list[Communication]], labels: dict[str, str]) -> Dimension:
    groups = [Group(key, labels[key], tuple(found)) for key, found in members.items()]
    if name == "years":
        groups.sort(key=lambda g: -int(g.key))
    else:
        groups.sort(key=lambda g: (g.label.casefold(), g.key))
    return Dimension(name, DIMENSIONS[name], tuple(groups), {g.key: g for g in groups})


def permanent_url(letter: Communication, views: Views) -> str:
    """The letter's permanent address: site_url + its path, or '/' + its path when no site_url is set."""
    return urls.absolute(urls.communication(letter.ref.slug), views.site_url)
