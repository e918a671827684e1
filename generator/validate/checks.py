"""Cross-record checks: what no single record can tell about itself.

Each check takes the validated content and returns errors placed on the line of
the field at fault. All checks run; none stops the others.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable

from ..errors import RecordError, display_path, field_path
from ..load.reader import Loc
from ..model import Communication, Mandate, NormCatalogueFile, parse_reference
from ..model.reference import country_name
from .content import Content, Placed


def check_content(content: Content) -> list[RecordError]:
    """Run every cross-record check over the content."""
    errors: list[RecordError] = []
    for check in CHECKS:
        errors += check(content)
    return errors


def _error(placed: Placed, loc: Loc, message: str, warning: bool = False) -> RecordError:
    return RecordError(placed.document.file, placed.document.line_of(loc), field_path(loc), message, warning)


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    listed = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
    return f"unknown {kind} {value!r}{hint} (known: {listed or 'none'})"


def norm_ids(content: Content) -> set[str]:
    """Every instrument and provision id in the norm catalogue."""
    ids: set[str] = set()
    for placed in content.norms:
        catalogue = placed.record
        ids.add(catalogue.instrument.id)
        ids.update(p.id for p in catalogue.provisions)
    return ids


def check_file_names(content: Content) -> list[RecordError]:
    """Each record lives at the path its identity gives, so URLs and files agree."""
    errors = []
    expected: list[tuple[Placed, str, Loc]] = []
    for letter in content.communications:
        expected.append((letter, letter.record.ref.record_path, ("reference",)))
    for reply in content.replies:
        path = parse_reference(reply.record.reply_to).reply_path(reply.record.date)
        expected.append((reply, path, ("reply_to",)))
    for norms in content.norms:
        expected.append((norms, f"norms/{norms.record.instrument.id.lower()}.yaml", ("instrument", "id")))
    for mandate in content.mandates:
        expected.append((mandate, f"mandates/{mandate.record.id}.yaml", ("id",)))
    for placed, want, loc in expected:
        # Compared as errors name files, so 'communications/x/2021/…' does not pass for 'communications/2021/…'.
        if placed.document.file != display_path(content.root / want, content.root):
            message = f"file should be content/{want} (the path follows the record's identity)"
            errors.append(_error(placed, loc, message))
    return errors


def check_unique_ids(content: Content) -> list[RecordError]:
    """References, reply slugs, norm ids and mandate ids are each unique across the archive."""
    errors = []
    groups: list[tuple[list[Placed], Callable[[Placed], list[tuple[str, Loc]]], str]] = [
        (content.communications, lambda p: [(p.record.reference, ("reference",))], "reference"),
        (content.replies, lambda p: [(p.record.slug, ("date",))], "reply (same letter and date)"),
        (content.mandates, lambda p: [(p.record.id, ("id",))], "mandate id"),
        (content.norms, _norm_keys, "norm id"),
    ]
    for records, keys, label in groups:
        first: dict[str, tuple[Placed, Loc]] = {}
        for placed in records:
            for key, loc in keys(placed):
                if key in first:
                    other, other_loc = first[key]
                    where = f"{other.document.file}:{other.document.line_of(other_loc)}"
                    errors.append(_error(placed, loc, f"duplicate {label} {key!r}; also in {where}"))
                else:
                    first[key] = (placed, loc)
    return errors


def _norm_keys(placed: Placed[NormCatalogueFile]) -> list[tuple[str, Loc]]:
    catalogue = placed.record
    keys: list[tuple[str, Loc]] = [(catalogue.instrument.id, ("instrument", "id"))]
    keys += [(p.id, ("provisions", i, "id")) for i, p in enumerate(catalogue.provisions)]
    return keys


def check_norm_catalogue(content: Content) -> list[RecordError]:
    """Each provision id is its instrument's id, a hyphen and the number: 'ICCPR-8'."""
    errors = []
    for placed in content.norms:
        catalogue = placed.record
        prefix = f"{catalogue.instrument.id}-"
        for i, provision in enumerate(catalogue.provisions):
            if not provision.id.startswith(prefix):
                message = f"provision id {provision.id!r} must start with the instrument id and a hyphen, {prefix!r}"
                errors.append(_error(placed, ("provisions", i, "id"), message))
    return errors


def check_norm_links(content: Content) -> list[RecordError]:
    """Every norm an allegation or a paragraph names is in the catalogue."""
    known = norm_ids(content)
    errors = []
    for placed in content.communications:
        letter = placed.record
        for i, allegation in enumerate(letter.allegations):
            for j, link in enumerate(allegation.norms):
                if link.norm not in known:
                    loc: Loc = ("allegations", i, "norms", j, "norm")
                    errors.append(_error(placed, loc, _unknown("norm", link.norm, known)))
        for s, section in enumerate(letter.sections):
            for p, paragraph in enumerate(section.paragraphs):
                for c, citation in enumerate(paragraph.cites):
                    if citation.norm not in known:
                        loc = ("sections", s, "paragraphs", p, "cites", c, "norm")
                        errors.append(_error(placed, loc, _unknown("norm", citation.norm, known)))
    return errors


def check_mandates(content: Content) -> list[RecordError]:
    """Mandates exist, cite a resolution the catalogue knows, and sign only for the letter."""
    catalogue: dict[str, Mandate] = {p.record.id: p.record for p in content.mandates}
    errors = []
    for placed in content.communications:
        letter = placed.record
        for i, cited in enumerate(letter.mandates):
            mandate = catalogue.get(cited.mandate)
            if mandate is None:
                errors.append(_error(placed, ("mandates", i, "mandate"), _unknown("mandate", cited.mandate, catalogue)))
                continue
            known = [r.resolution for r in mandate.resolutions]
            if cited.resolution not in known:
                message = (f"resolution {cited.resolution!r} is not listed for mandate {mandate.id!r} "
                           f"(listed: {', '.join(known)}); add it to content/mandates/{mandate.id}.yaml")
                errors.append(_error(placed, ("mandates", i, "resolution"), message))
        repeated = [m for m, n in Counter(m.mandate for m in letter.mandates).items() if n > 1]
        errors += [_error(placed, ("mandates",), f"mandate {m!r} is listed twice") for m in repeated]
        letter_mandates = {m.mandate for m in letter.mandates}
        for i, signatory in enumerate(letter.signatories):
            if signatory.mandate not in letter_mandates:
                message = (f"signatory's mandate {signatory.mandate!r} is not one of the letter's mandates "
                           f"({', '.join(sorted(letter_mandates))})")
                errors.append(_error(placed, ("signatories", i, "mandate"), message))
    return errors


def check_holders(content: Content) -> list[RecordError]:
    """A mandate's holders are shown by letters in the archive that they signed for it."""
    letters = {p.record.reference: p.record for p in content.communications}
    errors = []
    for placed in content.mandates:
        mandate = placed.record
        for i, holder in enumerate(mandate.holders):
            for j, reference in enumerate(holder.documents):
                loc = ("holders", i, "documents", j)
                letter = letters.get(reference)
                if letter is None:
                    errors.append(_error(placed, loc, f"communication {reference!r} is not in the archive"))
                elif not any(s.name == holder.name and s.mandate == mandate.id for s in letter.signatories):
                    message = f"{reference} has no signatory {holder.name!r} for mandate {mandate.id!r}"
                    errors.append(_error(placed, loc, message))
    return errors


def check_replies(content: Content) -> list[RecordError]:
    """Each reply answers a letter in the archive and is not dated before it."""
    letters = {p.record.reference: p.record for p in content.communications}
    errors = []
    for placed in content.replies:
        reply = placed.record
        letter = letters.get(reply.reply_to)
        if letter is None:
            errors.append(_error(placed, ("reply_to",), _unknown("communication", reply.reply_to, letters)))
        elif reply.date < letter.date_sent:
            message = (f"reply dated {reply.date} is before the letter it answers "
                       f"({letter.reference}, sent {letter.date_sent})")
            errors.append(_error(placed, ("date",), message))
        if content.settings and reply.date > content.settings.as_of:
            message = f"date {reply.date} is after the archive's as-of date {content.settings.as_of}"
            errors.append(_error(placed, ("date",), message))
    return errors


def check_related(content: Content) -> list[RecordError]:
    """Related letters exist in the archive, or are marked as outside it."""
    letters = {p.record.reference for p in content.communications}
    errors = []
    for placed in content.communications:
        for i, related in enumerate(placed.record.related):
            loc = ("related", i, "reference")
            if related.reference == placed.record.reference:
                errors.append(_error(placed, loc, "a communication cannot be related to itself"))
            elif related.in_archive and related.reference not in letters:
                message = f"{related.reference!r} is not in the archive; add it, or mark it 'in_archive: false'"
                errors.append(_error(placed, loc, message))
            elif not related.in_archive and related.reference in letters:
                message = f"{related.reference} is in the archive; remove 'in_archive: false'"
                errors.append(_error(placed, ("related", i, "in_archive"), message))
    return errors


def check_dates(content: Content) -> list[RecordError]:
    """Dates agree with each other and with the archive's as-of date."""
    as_of = content.settings.as_of if content.settings else None
    errors = []
    for placed in content.communications:
        letter = placed.record
        if letter.date_public and letter.date_public < letter.date_sent:
            message = f"date public {letter.date_public} is before the date sent {letter.date_sent}"
            errors.append(_error(placed, ("date_public",), message))
        if letter.source.retrieved and letter.source.retrieved < letter.date_sent:
            message = f"retrieved {letter.source.retrieved}, before the letter was sent ({letter.date_sent})"
            errors.append(_error(placed, ("source", "retrieved"), message))
        if as_of and letter.date_sent > as_of:
            message = f"date sent {letter.date_sent} is after the archive's as-of date {as_of}"
            errors.append(_error(placed, ("date_sent",), message))
        if abs(letter.date_sent.year - letter.ref.year) > 1:
            message = (f"sent in {letter.date_sent.year} but numbered in {letter.ref.year}; "
                       "check the date and the reference")
            errors.append(_error(placed, ("date_sent",), message, warning=True))
    return errors


def check_addressee(content: Content) -> list[RecordError]:
    """The reference's addressee code agrees with the addressee: a State's code (and the UN's name for it), or OTH."""
    errors = []
    for placed in content.communications:
        letter = placed.record
        code, addressee = letter.ref.addressee_code, letter.addressee
        if addressee.kind == "state" and code != addressee.country:
            message = f"a letter to a State numbered {code} must have country {code!r}"
            errors.append(_error(placed, ("addressee", "country"), message))
        elif addressee.kind == "state" and (un := country_name(code)) and addressee.name != un:
            message = (f"{addressee.name!r} is not the name the UN gives {code}; expected {un!r}, "
                       "as pages and tables show it")
            errors.append(_error(placed, ("addressee", "name"), message, warning=True))
        if addressee.kind != "state" and code != "OTH":
            errors.append(_error(placed, ("reference",), f"a letter to a {addressee.kind} is numbered OTH, not {code}"))
    return errors


def check_letter_text(content: Content) -> list[RecordError]:
    """Within a letter: ids unique, numbering in order, quotes taken verbatim from their paragraph."""
    errors = []
    for placed in content.communications:
        errors += _letter_text_errors(placed)
    return errors


def _letter_text_errors(placed: Placed[Communication]) -> list[RecordError]:
    letter = placed.record
    errors = []
    texts: dict[str, str] = {}
    for s, section in enumerate(letter.sections):
        for p, paragraph in enumerate(section.paragraphs):
            if paragraph.id in texts:
                loc = ("sections", s, "paragraphs", p, "id")
                errors.append(_error(placed, loc, f"duplicate paragraph id {paragraph.id!r}"))
            texts[paragraph.id] = paragraph.text
    for q, question in enumerate(letter.questions):
        texts[f"question-{question.number}"] = question.text
        if question.number != q + 1:
            message = f"question number {question.number}; expected {q + 1} (numbered in order from 1)"
            errors.append(_error(placed, ("questions", q, "number"), message))
    for f, footnote in enumerate(letter.footnotes):
        if footnote.number != f + 1:
            message = f"footnote number {footnote.number}; expected {f + 1}"
            errors.append(_error(placed, ("footnotes", f, "number"), message))
        errors += _quoted(placed, texts, ("footnotes", f), footnote.paragraph, footnote.after, "after")
    seen: set[str] = set()
    for a, allegation in enumerate(letter.allegations):
        if allegation.id in seen:
            errors.append(_error(placed, ("allegations", a, "id"), f"duplicate allegation id {allegation.id!r}"))
        seen.add(allegation.id)
        errors += _quoted(placed, texts, ("allegations", a), allegation.paragraph, allegation.text, "text")
    return errors


def _quoted(placed: Placed[Communication], texts: dict[str, str], loc: Loc, paragraph: str, quote: str,
            name: str) -> list[RecordError]:
    if paragraph not in texts:
        return [_error(placed, (*loc, "paragraph"), _unknown("paragraph", paragraph, texts))]
    if quote not in texts[paragraph]:
        return [_error(placed, (*loc, name), f"not found verbatim in paragraph {paragraph!r}; copy the words exactly")]
    return []


def check_editorial_coverage(content: Content) -> list[RecordError]:
    """Warnings a careful editor would want: allegations without norms, letters without allegations."""
    errors = []
    for placed in content.communications:
        letter = placed.record
        if not letter.allegations:
            message = "no allegations recorded; readers cannot follow it to its norms"
            errors.append(_error(placed, ("reference",), message, True))
        for a, allegation in enumerate(letter.allegations):
            if not allegation.norms:
                errors.append(_error(placed, ("allegations", a, "norms"), "allegation links to no norm", True))
    return errors


CHECKS: list[Callable[[Content], list[RecordError]]] = [
    check_file_names,
    check_unique_ids,
    check_norm_catalogue,
    check_norm_links,
    check_mandates,
    check_holders,
    check_replies,
    check_related,
    check_dates,
    check_addressee,
    check_letter_text,
    check_editorial_coverage,
]
