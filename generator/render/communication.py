"""The communication page: one letter, verbatim, with everything the archive ties to it."""

from __future__ import annotations

from ..labels import ADDRESSEE_KINDS
from ..link import Views
from ..model import Communication, Paragraph, Reply, Section, Source, Transcription
from ..model.communication import PUBLICATION_DELAY
from ..model.reference import country_name
from . import urls
from .citation import authors, cite_block, meta_tags, permanent_url
from .common import Page, breadcrumbs, editorial, editorial_note, facts, heading, norm_href, page, section, status_label
from .text import NL, esc, external, href, in_words, inline, link, when

LETTER_WORDS = {
    "en": {"reference": "REFERENCE:", "annex": "Annex"},
    "fr": {"reference": "RÉFÉRENCE :", "annex": "Annexe"},
    "es": {"reference": "REFERENCIA:", "annex": "Anexo"},
}
"""The fixed words of a letter's form, as letters in each language print them."""


def render_communication(letter: Communication, views: Views) -> Page:
    """The page of one communication at communications/<slug>/."""
    here = urls.communication(letter.ref.slug)
    body = [
        breadcrumbs(here, [(urls.HOME, "Home"), (urls.COMMUNICATIONS, "Communications")], letter.reference),
        heading(letter.reference),
        print_line(letter, views),
        header(here, letter, views),
        editorial(letter.summary, "Summary") if letter.summary else "",
        section("Letter"),
        letter_text(here, letter, views),
        *allegations_block(here, letter, views),
        *other_addressees_block(here, letter, views),
        *related_block(here, letter, views),
        section("Replies"),
        replies(letter, views),
        section("Source"),
        source(letter.source),
        section("Transcription"),
        transcription(letter.transcription),
        section("Cite this letter"),
        cite_block(letter, views),
    ]
    return page(here, letter.reference, body, meta_tags(letter, views))


def header(here: str, letter: Communication, views: Views) -> str:
    """The identity of the letter: reference, type, dates, addressee, mandates, reply status."""
    public = when(letter.public_on) + ("" if letter.date_public else " (60 days after it was sent)")
    mandates = [
        link(here, urls.group("mandates", m.mandate), name) + f" (resolution {esc(m.resolution)})"
        for m, name in zip(letter.mandates, authors(letter, views), strict=True)
    ]
    rows = [
        ("Reference", esc(letter.reference)),
        ("Type", link(here, urls.group("types", letter.ref.type.lower()), letter.ref.type_name)),
        ("Date sent", when(letter.date_sent)),
        ("Date public", public),
        ("Addressee", addressee(here, letter, views)),
        ("Mandates", "<br>".join(mandates)),
        ("Reply", f'<a href="#replies">{esc(status_label(views, letter))}</a>'),
    ]
    return facts(rows)


def print_line(letter: Communication, views: Views) -> str:
    """Printed only, under the title: where the letter was read, and how current the archive was."""
    return (
        f'<p class="sp-print-only sp-print-source">{esc(letter.ref.type_name)} {esc(letter.reference)} of '
        f"{esc(in_words(letter.date_sent))} to {esc(letter.addressee.name)}. From the {esc(views.archive.title)}: "
        f"{esc(permanent_url(letter, views))}, content as of {esc(in_words(views.archive.as_of))}. "
        f"Reply: {esc(status_label(views, letter))}. The editorial parts of the page are not printed.</p>"
    )


def addressee(here: str, letter: Communication, views: Views) -> str:
    """The addressee, linked to its page, with kind, country and the person named."""
    who = letter.addressee
    parts = [link(here, urls.group("addressees", views.addressee_key[letter.reference]), who.name),
             esc(ADDRESSEE_KINDS[who.kind])]
    if who.country:
        parts.append(link(here, urls.group("countries", who.country.lower()), country_name(who.country) or who.country))
    if who.person:
        parts.append(f"addressed to {esc(who.person)}")
    return ", ".join(parts)


def letter_text(here: str, letter: Communication, views: Views) -> str:
    """The letter verbatim, in its own order: letterhead, reference and date, salutation, sections,
    signatures, annex, footnotes. Only the small paragraph numbers and the norm links beside
    paragraphs are the archive's, and both are marked so (and left out in print)."""
    markers = footnote_markers(letter)
    words = LETTER_WORDS.get(letter.language, LETTER_WORDS["en"])
    notes: dict[str, str] = {}

    def reference_link(reference: str) -> str | None:
        target = views.by_reference.get(reference)
        if target is None or reference == letter.reference:
            return None
        return href(here, urls.communication(target.ref.slug))

    parts = []
    if letter.letterhead:
        parts.append(f'<p class="sp-letterhead">{esc(letter.letterhead)}</p>')
    parts.append(
        f'<p class="sp-letter-reference">{esc(words["reference"])}<br>{esc(letter.reference)}</p>'
        f'<p class="sp-letter-date"><time datetime="{letter.date_sent.isoformat()}">'
        f"{esc(in_words(letter.date_sent, letter.language))}</time></p>"
    )
    parts.append(f'<p class="sp-salutation">{esc(letter.salutation)}</p>')
    has_questions_section = any(s.kind == "questions" for s in letter.sections)
    body = [(n, s) for n, s in enumerate(letter.sections) if s.kind != "annex"]
    annex = [(n, s) for n, s in enumerate(letter.sections) if s.kind == "annex"]
    for number, part in body:
        parts.append(letter_section(here, number, part, markers, reference_link, views, notes))
        if part.kind == "questions":
            parts.append(questions(letter, markers, reference_link))
    if letter.questions and not has_questions_section:
        parts.append('<h3 class="sp-section-heading">Questions</h3>' + questions(letter, markers, reference_link))
    parts.append(signatures(letter))
    if annex:
        parts.append(f'<h3 class="sp-annex-title">{esc(words["annex"])}</h3>')
        parts += [letter_section(here, number, part, markers, reference_link, views, notes) for number, part in annex]
    parts.append(footnotes(letter))
    return f'<div class="sp-letter" lang="{esc(letter.language)}" dir="auto">{NL.join(parts)}</div>'


def footnote_markers(letter: Communication) -> dict[str, dict[int, str]]:
    """For each paragraph id, the footnote markers to insert at character offsets."""
    markers: dict[str, dict[int, str]] = {}
    texts = {p.id: p.text for p in letter.paragraphs()} | {f"question-{q.number}": q.text for q in letter.questions}
    for note in letter.footnotes:
        text = texts.get(note.paragraph, "")
        found = text.find(note.after)
        offset = found + len(note.after) if found >= 0 else len(text)
        marker = f'<sup class="sp-fnref" id="fnref-{note.number}"><a href="#fn-{note.number}">{note.number}</a></sup>'
        at = markers.setdefault(note.paragraph, {})
        at[offset] = at.get(offset, "") + marker
    return markers


def letter_section(here: str, number: int, part: Section, markers, reference_link, views: Views,
                   notes: dict[str, str]) -> str:
    """One section of the letter; consecutive list items form a list."""
    out = [f'<section class="sp-section sp-section-{part.kind}" id="section-{number + 1}">']
    if part.heading:
        out.append(f'<h3 class="sp-section-heading">{esc(part.heading)}</h3>')
    in_list = False
    for paragraph in part.paragraphs:
        is_item = paragraph.style == "list-item"
        if is_item != in_list:
            out.append("<ul>" if is_item else "</ul>")
            in_list = is_item
        out.append(paragraph_html(here, paragraph, markers.get(paragraph.id, {}), reference_link, views, notes))
    if in_list:
        out.append("</ul>")
    out.append("</section>")
    return NL.join(out)


def paragraph_html(here: str, paragraph: Paragraph, markers: dict[int, str], reference_link, views: Views,
                   notes: dict[str, str]) -> str:
    """One paragraph with its linkable number, and beside it (editorial) the norms it cites."""
    text = inline(paragraph.text, markers, reference_link)
    tag = {"paragraph": "p", "list-item": "li", "heading": "h4"}[paragraph.style]
    number = f'<a class="sp-pid" href="#{paragraph.id}">{esc(paragraph.id)}</a>'
    cites = citations(here, paragraph, views, notes)
    if tag == "li":
        return f'<li id="{paragraph.id}">{number}{text}{cites}</li>'
    return f'<{tag} id="{paragraph.id}">{number}{text}</{tag}>{cites}'


def citations(here: str, paragraph: Paragraph, views: Views, notes: dict[str, str]) -> str:
    """Beside a paragraph, marked editorial: the norms it cites, each linked to its page.

    A note already given beside an earlier paragraph is not repeated: it is linked.
    """
    if not paragraph.cites:
        return ""
    items = []
    for citation in paragraph.cites:
        item = f'<a href="{esc(norm_href(here, citation.norm))}">{esc(views.norm_label(citation.norm))}</a>'
        if citation.pinpoint:
            item += f", {esc(citation.pinpoint)}"
        if citation.note and citation.note in notes:
            item += f' (see the note at <a href="#{notes[citation.note]}">{esc(notes[citation.note])}</a>)'
        elif citation.note:
            notes[citation.note] = paragraph.id
            item += f" ({esc(citation.note)})"
        items.append(item)
    return f'<div class="sp-cites" role="note"><span class="sp-badge">Editorial</span> Cites: {"; ".join(items)}</div>'


def questions(letter: Communication, markers, reference_link) -> str:
    """The numbered questions, each with its anchor."""
    items = [
        f'<li id="question-{q.number}" value="{q.number}">'
        f'{inline(q.text, markers.get(f"question-{q.number}", {}), reference_link)}</li>'
        for q in letter.questions
    ]
    return f'<ol class="sp-questions">{NL.join(items)}</ol>' if items else ""


def footnotes(letter: Communication) -> str:
    """The letter's footnotes, at its end, each linking back to its marker."""
    if not letter.footnotes:
        return ""
    items = [
        f'<li id="fn-{n.number}" value="{n.number}">{esc(n.text)} '
        f'<a class="sp-fnback" href="#fnref-{n.number}" aria-label="Back to the text">↩</a></li>'
        for n in letter.footnotes
    ]
    return f'<ol class="sp-footnotes" aria-label="Footnotes">{NL.join(items)}</ol>'


def allegations_block(here: str, letter: Communication, views: Views) -> list[str]:
    """Every allegation in the letter's words, with the norms it invokes."""
    lead = ('<p class="sp-editorial-lead"><span class="sp-badge">Editorial</span> The archive\'s reading of the '
            "letter: each allegation quoted from the letter under a title the archive gave it, with the norms it "
            "invokes.</p>")
    if not letter.allegations:
        return [section("Allegations"), lead, "<p><em>No allegations recorded for this letter.</em></p>"]
    out = []
    for allegation in letter.allegations:
        norms = []
        for norm_link in allegation.norms:
            basis = f'<span class="sp-basis sp-basis-{norm_link.basis}">{norm_link.basis}</span>'
            note = editorial_note(norm_link.note)
            target = esc(norm_href(here, norm_link.norm))
            norms.append(f'<li><a href="{target}">{esc(views.norm_label(norm_link.norm))}</a> {basis}{note}</li>')
        invoked = f'<ul class="sp-norms">{NL.join(norms)}</ul>' if norms else "<p><em>No norm linked.</em></p>"
        out.append(
            f'<div class="sp-allegation" id="allegation-{allegation.id}">'
            f'<h3>{esc(allegation.title)} <span class="sp-badge">Editorial title</span></h3>'
            f'<blockquote><p>{esc(allegation.text)}</p></blockquote>'
            f'<p class="sp-from">From paragraph <a href="#{allegation.paragraph}">{esc(allegation.paragraph)}</a>. '
            "Invokes:</p>"
            f"{invoked}</div>"
        )
    return [section("Allegations"), lead, NL.join(out)]


def signatures(letter: Communication) -> str:
    """The signatures as the letter prints them: each name, then the title beneath it; then any co-signer outside
    the UN special procedures, with its body and legal basis as the letter gives them."""
    items = [f'<p class="sp-signature"><span class="sp-signatory-name">{esc(s.name)}</span><br>{esc(s.title)}</p>'
             for s in letter.signatories]
    for co in letter.co_signers:
        name = f'<span class="sp-signatory-name">{esc(co.name)}</span><br>' if co.name else ""
        basis = f", under {esc(co.legal_basis)}" if co.legal_basis else ""
        items.append(f'<p class="sp-signature sp-co-signer">{name}{esc(co.title)}<br><span class="sp-co-signer-body">'
                     f'Not a UN special procedure: {esc(co.body)}{basis}</span></p>')
    return f'<div class="sp-signatures">{NL.join(items)}</div>'


def other_addressees_block(here: str, letter: Communication, views: Views) -> list[str]:
    """Others the letter says were written to, linked to their own letter of the batch where the archive holds it."""
    if not letter.other_addressees:
        return []
    batch = [views.by_reference[r] for r in views.batch.get(letter.reference, ()) if r in views.by_reference]
    items = []
    for other in letter.other_addressees:
        country = country_name(other.country) or other.country if other.country else None
        parts = [f"<strong>{esc(other.name)}</strong>"] if other.name else []
        parts.append(esc(ADDRESSEE_KINDS[other.kind]))
        if country and other.kind != "state":  # a State is its country
            parts.append(esc(country))
        if other.description:
            parts.append(f"“{esc(other.description)}”")
        theirs = [b for b in batch if other.name and b.addressee.name == other.name]
        if theirs:
            letters = ", ".join(link(here, urls.communication(b.ref.slug), b.reference) for b in theirs)
            parts.append("their letter: " + letters)
        items.append(f"<li>{', '.join(parts)}</li>")
    return [section("Other addressees"), f'<ul class="sp-other-addressees">{NL.join(items)}</ul>']


def related_block(here: str, letter: Communication, views: Views) -> list[str]:
    """Letters of the same batch, letters this one names, and references written in its text."""
    items = []
    listed: set[str] = set()
    for related in letter.related:
        note = editorial_note(related.note)
        relation = "same batch" if related.relation == "batch" else "cited"
        items.append(f"<li>{_letter_link(here, related.reference, views)} ({relation}){note}</li>")
        listed.add(related.reference)
    for reference in views.batch.get(letter.reference, ()):
        if reference not in listed:
            items.append(f"<li>{_letter_link(here, reference, views)} (same batch)</li>")
            listed.add(reference)
    for reference in views.cited_in_text.get(letter.reference, ()):
        if reference not in listed:
            items.append(f"<li>{_letter_link(here, reference, views)} (named in the text)</li>")
    if not items:
        return []
    return [section("Related letters"), f'<ul class="sp-related">{NL.join(items)}</ul>']


def _letter_link(here: str, reference: str, views: Views) -> str:
    target = views.by_reference.get(reference)
    if target is None:
        return f"{esc(reference)} <em>(not in the archive)</em>"
    return link(here, urls.communication(target.ref.slug), reference)


def replies(letter: Communication, views: Views) -> str:
    """The replies in the archive, or whether 60 days have passed without one (as of the archive's date)."""
    found = views.replies.get(letter.reference, ())
    if found:
        return NL.join(reply_html(r) for r in found)
    as_of, due = views.archive.as_of, letter.date_sent + PUBLICATION_DELAY
    ended = "ended" if as_of >= due else "ends"
    return (
        f'<p class="sp-no-reply">No reply in the archive as of {when(as_of)}, the date its content was last checked. '
        f"Under the communications procedure a letter and the replies to it are made public 60 days after it is sent: "
        f"for this letter that period {ended} on {when(due)}.</p>"
    )


def reply_html(reply: Reply) -> str:
    """One reply: sender, date, summary, text, attachments and source."""
    sender = esc(reply.sender.name) + (f" ({esc(reply.sender.person)})" if reply.sender.person else "")
    anchor = urls.reply_anchor(reply.date)
    parts = [f'<div class="sp-reply" id="{anchor}">', f"<h3>Reply of {when(reply.date)} from {sender}</h3>"]
    if reply.summary:
        parts.append(editorial(reply.summary, "Summary"))
    if reply.paragraphs:
        text = NL.join(f'<p id="{anchor}-{p.id}">{esc(p.text)}</p>' for p in reply.paragraphs)
        parts.append(f'<div class="sp-reply-text" lang="{esc(reply.language)}">{text}</div>')
    if reply.attachments:
        items = NL.join(f"<li>{external(str(a.url), a.title) if a.url else esc(a.title)}</li>"
                        for a in reply.attachments)
        parts.append(f"<p>Attachments:</p><ul>{items}</ul>")
    parts.append(f"<p>Source: {source_line(reply.source)}</p>")
    if reply.transcription:
        parts.append(transcription(reply.transcription))
    parts.append("</div>")
    return NL.join(parts)


def source_line(found: Source) -> str:
    """The source link with its title and retrieval date."""
    shown = found.title or str(found.url)
    retrieved = f", retrieved {when(found.retrieved)}" if found.retrieved else ""
    return f"{external(str(found.url), shown)}{retrieved}"


def source(found: Source) -> str:
    """Where the original letter was read."""
    return f'<p class="sp-source">{source_line(found)}</p>'


def transcription(record: Transcription) -> str:
    """How the text was transcribed: from what, every repair, every note."""
    parts = [f'<div class="sp-transcription"><p>Transcribed from: {esc(record.transcribed_from)}</p>']
    if record.repairs:
        items = NL.join(
            f"<li><strong>{esc(r.kind)}</strong> at {esc(r.where)}: {esc(r.description)}</li>" for r in record.repairs
        )
        parts.append(f"<p>Repairs:</p><ul>{items}</ul>")
    if record.notes:
        parts.append(f'<p>Notes:</p><ul>{NL.join(f"<li>{esc(n)}</li>" for n in record.notes)}</ul>')
    parts.append("</div>")
    return NL.join(parts)
