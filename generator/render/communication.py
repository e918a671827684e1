"""The communication page: one letter, verbatim, with everything the archive ties to it."""

from __future__ import annotations

from markupsafe import Markup

from .. import urls
from ..labels import ADDRESSEE_KINDS
from ..link.views import Views, permanent_url
from ..model import Communication, Paragraph, Reply, Section, Source, Transcription
from ..model.communication import PUBLICATION_DELAY
from ..model.reference import country_name
from .citation import authors, cite_block, meta_tags
from .common import Page, breadcrumbs, editorial_note, facts, heading, norm_href, page, section, status_label, summary
from .text import EMPTY, NL, esc, external, href, in_words, inline, join, link, when

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
        summary(letter.summary) if letter.summary else EMPTY,
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


def header(here: str, letter: Communication, views: Views) -> Markup:
    """The identity of the letter: reference, type, dates, addressee, mandates, reply status."""
    public = when(letter.public_on) + Markup("" if letter.date_public else " (60 days after it was sent)")
    mandates = [
        link(here, urls.group("mandates", m.mandate), name) + Markup(f" (resolution {esc(m.resolution)})")
        for m, name in zip(letter.mandates, authors(letter, views), strict=True)
    ]
    rows = [
        ("Reference", esc(letter.reference)),
        ("Type", link(here, urls.group("types", letter.ref.type.lower()), letter.ref.type_name)),
        ("Date sent", when(letter.date_sent)),
        ("Date public", public),
        ("Addressee", addressee(here, letter, views)),
        ("Mandates", join(mandates, "<br>")),
        ("Reply", Markup(f'<a href="#replies">{esc(status_label(views, letter))}</a>')),
    ]
    return facts(rows)


def print_line(letter: Communication, views: Views) -> Markup:
    """Printed only, under the title: where the letter was read, and how current the archive was."""
    return Markup(
        f'<p class="sp-print-only sp-print-source">{esc(letter.ref.type_name)} {esc(letter.reference)} of '
        f"{esc(in_words(letter.date_sent))} to {esc(letter.addressee.name)}. From the {esc(views.archive.title)}: "
        f"{esc(permanent_url(letter, views))}, content as of {esc(in_words(views.archive.as_of))}. "
        f"Reply: {esc(status_label(views, letter))}. The editorial parts of the page are not printed.</p>"
    )


def addressee(here: str, letter: Communication, views: Views) -> Markup:
    """The addressee, linked to its page, with kind, country and the person named."""
    who = letter.addressee
    parts = [link(here, urls.group("addressees", views.addressee_key[letter.reference]), who.name),
             esc(ADDRESSEE_KINDS[who.kind])]
    if who.country:
        parts.append(link(here, urls.group("countries", who.country.lower()), country_name(who.country) or who.country))
    if who.person:
        parts.append(Markup(f"addressed to {esc(who.person)}"))
    return join(parts)


def letter_text(here: str, letter: Communication, views: Views) -> Markup:
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
        parts.append(Markup(f'<p class="sp-letterhead">{esc(letter.letterhead)}</p>'))
    parts.append(Markup(
        f'<p class="sp-letter-reference">{esc(words["reference"])}<br>{esc(letter.reference)}</p>'
        f'<p class="sp-letter-date"><time datetime="{letter.date_sent.isoformat()}">'
        f"{esc(in_words(letter.date_sent, letter.language))}</time></p>"
    ))
    parts.append(Markup(f'<p class="sp-salutation">{esc(letter.salutation)}</p>'))
    has_questions_section = any(s.kind == "questions" for s in letter.sections)
    body = [(n, s) for n, s in enumerate(letter.sections) if s.kind != "annex"]
    annex = [(n, s) for n, s in enumerate(letter.sections) if s.kind == "annex"]
    for number, part in body:
        parts.append(letter_section(here, number, part, markers, reference_link, views, notes))
        if part.kind == "questions":
            parts.append(questions(letter, markers, reference_link))
    if letter.questions and not has_questions_section:
        parts.append(Markup('<h3 class="sp-section-heading">Questions</h3>')
                     + questions(letter, markers, reference_link))
    parts.append(signatures(letter))
    if annex:
        parts.append(Markup(f'<h3 class="sp-annex-title">{esc(words["annex"])}</h3>'))
        parts += [letter_section(here, number, part, markers, reference_link, views, notes) for number, part in annex]
    parts.append(footnotes(letter))
    return Markup(f'<div class="sp-letter" lang="{esc(letter.language)}" dir="auto">{join(parts, NL)}</div>')


def footnote_markers(letter: Communication) -> dict[str, dict[int, Markup]]:
    """For each paragraph id, the footnote markers to insert at character offsets."""
    markers: dict[str, dict[int, Markup]] = {}
    texts = {p.id: p.text for p in letter.paragraphs()} | {f"question-{q.number}": q.text for q in letter.questions}
    for note in letter.footnotes:
        text = texts.get(note.paragraph, "")
        found = text.find(note.after)
        offset = found + len(note.after) if found >= 0 else len(text)
        marker = Markup(f'<sup class="sp-fnref" id="fnref-{note.number}"><a href="#fn-{note.number}">{note.number}</a>'
                        "</sup>")
        at = markers.setdefault(note.paragraph, {})
        at[offset] = at.get(offset, EMPTY) + marker
    return markers


def letter_section(here: str, number: int, part: Section, markers, reference_link, views: Views,
                   notes: dict[str, str]) -> Markup:
    """One section of the letter; consecutive list items form a list."""
    out = [Markup(f'<section class="sp-section sp-section-{esc(part.kind)}" id="section-{number + 1}">')]
    if part.heading:
        out.append(Markup(f'<h3 class="sp-section-heading">{esc(part.heading)}</h3>'))
    in_list = False
    for paragraph in part.paragraphs:
        is_item = paragraph.style == "list-item"
        if is_item != in_list:
            out.append(Markup("<ul>" if is_item else "</ul>"))
            in_list = is_item
        out.append(paragraph_html(here, paragraph, markers.get(paragraph.id, {}), reference_link, views, notes))
    if in_list:
        out.append(Markup("</ul>"))
    out.append(Markup("</section>"))
    return join(out, NL)


def paragraph_html(here: str, paragraph: Paragraph, markers: dict[int, Markup], reference_link, views: Views,
                   notes: dict[str, str]) -> Markup:
    """One paragraph with its linkable number, and beside it (editorial) the norms it cites."""
    text = inline(paragraph.text, markers, reference_link)
    tag = {"paragraph": "p", "list-item": "li", "heading": "h4"}[paragraph.style]
    number = Markup(f'<a class="sp-pid" href="#{esc(paragraph.id)}">{esc(paragraph.id)}</a>')
    cites = citations(here, paragraph, views, notes)
    if tag == "li":
        return Markup(f'<li id="{esc(paragraph.id)}">{number}{text}{cites}</li>')
    return Markup(f'<{tag} id="{esc(paragraph.id)}">{number}{text}</{tag}>{cites}')


def citations(here: str, paragraph: Paragraph, views: Views, notes: dict[str, str]) -> Markup:
    """Beside a paragraph, marked editorial: the norms it cites, each linked to its page.

    A note already given beside an earlier paragraph is not repeated: it is linked.
    """
    if not paragraph.cites:
        return EMPTY
    items = []
    for citation in paragraph.cites:
        item = Markup(f'<a href="{esc(norm_href(here, citation.norm))}">{esc(views.norm_label(citation.norm))}</a>')
        if citation.pinpoint:
            item += Markup(f", {esc(citation.pinpoint)}")
        if citation.note and citation.note in notes:
            seen = esc(notes[citation.note])
            item += Markup(f' (see the note at <a href="#{seen}">{seen}</a>)')
        elif citation.note:
            notes[citation.note] = paragraph.id
            item += Markup(f" ({esc(citation.note)})")
        items.append(item)
    return Markup('<div class="sp-cites" role="note"><span class="sp-badge">Editorial</span> '
                  f'Cites: {join(items, "; ")}</div>')


def questions(letter: Communication, markers, reference_link) -> Markup:
    """The numbered questions, each with its anchor."""
    items = [
        Markup(f'<li id="question-{q.number}" value="{q.number}">'
               f'{inline(q.text, markers.get(f"question-{q.number}", {}), reference_link)}</li>')
        for q in letter.questions
    ]
    return Markup(f'<ol class="sp-questions">{join(items, NL)}</ol>') if items else EMPTY


def footnotes(letter: Communication) -> Markup:
    """The letter's footnotes, at its end, each linking back to its marker."""
    if not letter.footnotes:
        return EMPTY
    items = [
        Markup(f'<li id="fn-{n.number}" value="{n.number}">{esc(n.text)} '
               f'<a class="sp-fnback" href="#fnref-{n.number}" aria-label="Back to the text">↩</a></li>')
        for n in letter.footnotes
    ]
    return Markup(f'<ol class="sp-footnotes" aria-label="Footnotes">{join(items, NL)}</ol>')


def allegations_block(here: str, letter: Communication, views: Views) -> list[Markup]:
    """Every allegation in the letter's words, with the norms it invokes."""
    lead = Markup('<p class="sp-editorial-lead"><span class="sp-badge">Editorial</span> The archive\'s reading of the '
            "letter: each allegation quoted from the letter under a title the archive gave it, with the norms it "
            "invokes.</p>")
    if not letter.allegations:
        return [section("Allegations"), lead, Markup("<p><em>No allegations recorded for this letter.</em></p>")]
    out = []
    for allegation in letter.allegations:
        norms = []
        for norm_link in allegation.norms:
            basis = esc(norm_link.basis)
            badge = f'<span class="sp-basis sp-basis-{basis}">{basis}</span>'
            note = editorial_note(norm_link.note)
            target = esc(norm_href(here, norm_link.norm))
            label = esc(views.norm_label(norm_link.norm))
            norms.append(Markup(f'<li><a href="{target}">{label}</a> {badge}{note}</li>'))
        invoked = (Markup(f'<ul class="sp-norms">{join(norms, NL)}</ul>') if norms
                   else Markup("<p><em>No norm linked.</em></p>"))
        out.append(Markup(
            f'<div class="sp-allegation" id="allegation-{allegation.id}">'
            f'<h3>{esc(allegation.title)} <span class="sp-badge">Editorial title</span></h3>'
            f'<blockquote><p>{esc(allegation.text)}</p></blockquote>'
            f'<p class="sp-from">From paragraph <a href="#{allegation.paragraph}">{esc(allegation.paragraph)}</a>. '
            "Invokes:</p>"
            f"{invoked}</div>"
        ))
    return [section("Allegations"), lead, join(out, NL)]


def signatures(letter: Communication) -> Markup:
    """The signatures as the letter prints them: each name, then the title beneath it; then any co-signer outside
    the UN special procedures, with its body and legal basis as the letter gives them."""
    items = [Markup(f'<p class="sp-signature"><span class="sp-signatory-name">{esc(s.name)}</span><br>'
                    f"{esc(s.title)}</p>")
             for s in letter.signatories]
    for co in letter.co_signers:
        name = f'<span class="sp-signatory-name">{esc(co.name)}</span><br>' if co.name else ""
        basis = f", under {esc(co.legal_basis)}" if co.legal_basis else ""
        items.append(Markup(f'<p class="sp-signature sp-co-signer">{name}{esc(co.title)}<br>'
                            '<span class="sp-co-signer-body">'
                            f"Not a UN special procedure: {esc(co.body)}{basis}</span></p>"))
    return Markup(f'<div class="sp-signatures">{join(items, NL)}</div>')


def other_addressees_block(here: str, letter: Communication, views: Views) -> list[Markup]:
    """Others the letter says were written to, linked to their own letter of the batch where the archive holds it."""
    if not letter.other_addressees:
        return []
    batch = [views.by_reference[r] for r in views.batch.get(letter.reference, ()) if r in views.by_reference]
    items = []
    for other in letter.other_addressees:
        country = country_name(other.country) or other.country if other.country else None
        parts = [Markup(f"<strong>{esc(other.name)}</strong>")] if other.name else []
        parts.append(esc(ADDRESSEE_KINDS[other.kind]))
        if country and other.kind != "state":  # a State is its country
            parts.append(esc(country))
        if other.description:
            parts.append(Markup(f"“{esc(other.description)}”"))
        theirs = [b for b in batch if other.name and b.addressee.name == other.name]
        if theirs:
            letters = join(link(here, urls.communication(b.ref.slug), b.reference) for b in theirs)
            parts.append(Markup("their letter: ") + letters)
        items.append(Markup(f"<li>{join(parts)}</li>"))
    return [section("Other addressees"), Markup(f'<ul class="sp-other-addressees">{join(items, NL)}</ul>')]


def related_block(here: str, letter: Communication, views: Views) -> list[Markup]:
    """Letters of the same batch, letters this one names, and references written in its text."""
    items = []
    listed: set[str] = set()
    for related in letter.related:
        note = editorial_note(related.note)
        relation = "same batch" if related.relation == "batch" else "cited"
        items.append(Markup(f"<li>{_letter_link(here, related.reference, views)} ({relation}){note}</li>"))
        listed.add(related.reference)
    for reference in views.batch.get(letter.reference, ()):
        if reference not in listed:
            items.append(Markup(f"<li>{_letter_link(here, reference, views)} (same batch)</li>"))
            listed.add(reference)
    for reference in views.cited_in_text.get(letter.reference, ()):
        if reference not in listed:
            items.append(Markup(f"<li>{_letter_link(here, reference, views)} (named in the text)</li>"))
    if not items:
        return []
    return [section("Related letters"), Markup(f'<ul class="sp-related">{join(items, NL)}</ul>')]


def _letter_link(here: str, reference: str, views: Views) -> Markup:
    target = views.by_reference.get(reference)
    if target is None:
        return Markup(f"{esc(reference)} <em>(not in the archive)</em>")
    return link(here, urls.communication(target.ref.slug), reference)


def replies(letter: Communication, views: Views) -> Markup:
    """The replies in the archive, or whether 60 days have passed without one (as of the archive's date)."""
    found = views.replies.get(letter.reference, ())
    if found:
        return join((reply_html(r) for r in found), NL)
    as_of, due = views.archive.as_of, letter.date_sent + PUBLICATION_DELAY
    ended = "ended" if as_of >= due else "ends"
    return Markup(
        f'<p class="sp-no-reply">No reply in the archive as of {when(as_of)}, the date its content was last checked. '
        f"Under the communications procedure a letter and the replies to it are made public 60 days after it is sent: "
        f"for this letter that period {ended} on {when(due)}.</p>"
    )


def reply_html(reply: Reply) -> Markup:
    """One reply: sender, date, summary, text, attachments and source."""
    sender = esc(reply.sender.name) + Markup(f" ({esc(reply.sender.person)})" if reply.sender.person else "")
    anchor = esc(urls.reply_anchor(reply.date))
    parts = [Markup(f'<div class="sp-reply" id="{anchor}">'),
             Markup(f"<h3>Reply of {when(reply.date)} from {sender}</h3>")]
    if reply.summary:
        parts.append(summary(reply.summary))
    if reply.paragraphs:
        text = join((Markup(f'<p id="{anchor}-{esc(p.id)}">{esc(p.text)}</p>') for p in reply.paragraphs), NL)
        parts.append(Markup(f'<div class="sp-reply-text" lang="{esc(reply.language)}">{text}</div>'))
    if reply.attachments:
        items = join((Markup(f"<li>{external(str(a.url), a.title) if a.url else esc(a.title)}</li>")
                      for a in reply.attachments), NL)
        parts.append(Markup(f"<p>Attachments:</p><ul>{items}</ul>"))
    parts.append(Markup(f"<p>Source: {source_line(reply.source)}</p>"))
    if reply.transcription:
        parts.append(transcription(reply.transcription))
    parts.append(Markup("</div>"))
    return join(parts, NL)


def source_line(found: Source) -> Markup:
    """The source link with its title and retrieval date."""
    shown = found.title or str(found.url)
    retrieved = Markup(f", retrieved {when(found.retrieved)}") if found.retrieved else EMPTY
    return external(str(found.url), shown) + retrieved


def source(found: Source) -> Markup:
    """Where the original letter was read."""
    return Markup(f'<p class="sp-source">{source_line(found)}</p>')


def transcription(record: Transcription) -> Markup:
    """How the text was transcribed: from what, every repair, every note."""
    parts = [Markup(f'<div class="sp-transcription"><p>Transcribed from: {esc(record.transcribed_from)}</p>')]
    if record.repairs:
        items = join((Markup(f"<li><strong>{esc(r.kind)}</strong> at {esc(r.where)}: {esc(r.description)}</li>")
                      for r in record.repairs), NL)
        parts.append(Markup(f"<p>Repairs:</p><ul>{items}</ul>"))
    if record.notes:
        notes = join((Markup(f"<li>{esc(n)}</li>") for n in record.notes), NL)
        parts.append(Markup(f"<p>Notes:</p><ul>{notes}</ul>"))
    parts.append(Markup("</div>"))
    return join(parts, NL)
