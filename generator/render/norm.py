"""Norm pages: the catalogue index, one page per instrument and one per provision, with backlinks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..link import Invocation, Views
from ..model import Instrument, Provision
from . import urls
from .common import Page, breadcrumbs, chunk, heading, page, pager, section
from .text import NL, counted, esc, external, iso, link

KIND_LABELS = {
    "treaty": "Treaty", "protocol": "Protocol", "declaration": "Declaration", "ilo-convention": "ILO convention",
    "guiding-principles": "Guiding principles", "resolution": "Resolution", "report": "Report",
}


def render_norm_index(views: Views) -> Page:
    """norms/: every instrument in the catalogue, with its provisions and how often the archive cites it."""
    here = urls.NORMS
    rows = []
    for instrument in views.instruments.values():
        count = len(views.instrument_invocations(instrument.id))
        rows.append(
            f"<tr><td>{link(here, urls.norm(instrument.id), instrument.short_title)}</td><td>{esc(instrument.title)}</td>"
            f"<td>{len(views.provisions_of.get(instrument.id, ()))}</td><td>{count}</td></tr>"
        )
    head = "<tr><th>Instrument</th><th>Title</th><th>Provisions</th><th>Citations in the archive</th></tr>"
    table = f'<table class="sp-table"><thead>{head}</thead><tbody>{NL.join(rows)}</tbody></table>'
    return page(here, "Norms", ["# Norms", "<p>The instruments and provisions the archive's letters invoke.</p>", table])


def render_instrument(instrument: Instrument, views: Views) -> Iterator[Page]:
    """norms/<id>/ (paged): the instrument, its provisions, and everything citing it or them."""
    base = urls.norm(instrument.id)
    cited = views.instrument_invocations(instrument.id)
    count = urls.page_count(len(cited))
    for number in range(1, count + 1):
        here = urls.paged(base, number)
        body = [
            breadcrumbs(here, [(urls.HOME, "Home"), (urls.NORMS, "Norms")], instrument.short_title),
            heading(instrument.title),
        ]
        if number == 1:
            body += [instrument_facts(instrument), *provisions_list(here, instrument, views)]
        body += [section("Citations in the archive"), citations_table(here, chunk(cited, number), views)]
        body.append(pager(here, base, number, count))
        yield page(here, _paged_title(instrument.short_title, number), body)


def instrument_facts(instrument: Instrument) -> str:
    """What the catalogue knows about an instrument."""
    rows = [
        ("Short title", esc(instrument.short_title)),
        ("Kind", esc(KIND_LABELS.get(instrument.kind, instrument.kind))),
        ("Adopted", f"{iso(instrument.adopted)} by {esc(instrument.adopted_by)}"),
    ]
    if instrument.symbol:
        rows.append(("Symbol", esc(instrument.symbol)))
    rows.append(("Official text", external(str(instrument.url))))
    facts = f'<dl class="sp-header">{NL.join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)}</dl>'
    if instrument.note:
        facts += f'<div class="admonition note sp-editorial"><p class="admonition-title">Editorial note</p><p>{esc(instrument.note)}</p></div>'
    return facts


def provisions_list(here: str, instrument: Instrument, views: Views) -> list[str]:
    """The instrument's provisions in the catalogue, each linked, with its citation count."""
    provisions = views.provisions_of.get(instrument.id, ())
    if not provisions:
        return []
    items = []
    for provision in provisions:
        title = f": {esc(provision.title)}" if provision.title else ""
        count = len(views.invocations.get(provision.id, ()))
        items.append(f"<li>{link(here, urls.norm(provision.id), views.norm_label(provision.id))}{title} ({counted(count, 'citation')})</li>")
    return [section("Provisions"), f'<ul class="sp-provisions">{NL.join(items)}</ul>']


def render_provision(provision: Provision, views: Views) -> Iterator[Page]:
    """norms/<id>/ (paged): the provision's text where sourced, and every allegation and annex citation of it."""
    instrument = views.instruments[views.instrument_of[provision.id]]
    base = urls.norm(provision.id)
    cited = views.invocations.get(provision.id, ())
    count = urls.page_count(len(cited))
    label = views.norm_label(provision.id)
    for number in range(1, count + 1):
        here = urls.paged(base, number)
        trail = [(urls.HOME, "Home"), (urls.NORMS, "Norms"), (urls.norm(instrument.id), instrument.short_title)]
        body = [breadcrumbs(here, trail, label), heading(f"{label}: {provision.title}" if provision.title else label)]
        if number == 1:
            body.append(provision_facts(here, provision, instrument, views))
        body += [section("Citations in the archive"), citations_table(here, chunk(cited, number), views)]
        body.append(pager(here, base, number, count))
        yield page(here, _paged_title(label, number), body)


def provision_facts(here: str, provision: Provision, instrument: Instrument, views: Views) -> str:
    """What the catalogue knows: instrument, official URL, the words where a source gives them."""
    rows = [("Instrument", link(here, urls.norm(instrument.id), instrument.title)), ("Number", esc(provision.number))]
    rows.append(("Official text", external(str(provision.url or instrument.url))))
    out = f'<dl class="sp-header">{NL.join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)}</dl>'
    if provision.text is None:
        return out + "<p><em>The archive does not hold this provision's words; follow the official text.</em></p>"
    words = NL.join(f"<p>{esc(p)}</p>" for p in provision.text.paragraphs)
    partial = " (part of the provision)" if provision.text.partial else ""
    quoted = ""
    if provision.text.quoted_in:
        target = views.by_reference.get(provision.text.quoted_in)
        shown = link(here, urls.communication(target.ref.slug), target.reference) if target else esc(provision.text.quoted_in)
        quoted = f'<p class="sp-provision-source">Quoted in {shown}.</p>'
    source = f'<p class="sp-provision-source">Source{partial}: {esc(provision.text.source)}</p>'
    return out + f'<blockquote class="sp-provision-text">{words}</blockquote>{source}{quoted}'


def citations_table(here: str, cited: Sequence[Invocation], views: Views) -> str:
    """Every place citing the norm: letter, date, addressee, and the allegation's words or the annex paragraph."""
    if not cited:
        return "<p><em>No letter in the archive cites it yet.</em></p>"
    rows = [_citation_row(here, invocation, views) for invocation in cited]
    head = "<tr><th>Letter</th><th>Sent</th><th>Addressee</th><th>Norm</th><th>How it is cited</th></tr>"
    return f'<table class="sp-table sp-citations"><thead>{head}</thead><tbody>{NL.join(rows)}</tbody></table>'


def _citation_row(here: str, invocation: Invocation, views: Views) -> str:
    letter = invocation.letter
    page_url = urls.communication(letter.ref.slug)
    if invocation.allegation is not None and invocation.link is not None:
        allegation, norm_link = invocation.allegation, invocation.link
        note = f' <span class="sp-editorial-inline">(editorial note: {esc(norm_link.note)})</span>' if norm_link.note else ""
        how = (
            f"Allegation {link(here, f'{page_url}#allegation-{allegation.id}', allegation.title)} "
            f'<span class="sp-basis sp-basis-{norm_link.basis}">{norm_link.basis}</span>{note}'
            f"<blockquote><p>{esc(allegation.text)}</p></blockquote>"
        )
    else:
        paragraph, citation = invocation.paragraph, invocation.citation
        assert paragraph is not None and citation is not None
        pinpoint = f", {esc(citation.pinpoint)}" if citation.pinpoint else ""
        note = f' <span class="sp-editorial-inline">(editorial note: {esc(citation.note)})</span>' if citation.note else ""
        how = f"Annex citation in {link(here, f'{page_url}#{paragraph.id}', 'paragraph ' + paragraph.id)}{pinpoint}{note}"
    addressee = link(here, urls.group("addressees", views.addressee_key[letter.reference]), letter.addressee.name)
    return (
        f"<tr><td>{link(here, page_url, letter.reference)}</td><td>{iso(letter.date_sent)}</td><td>{addressee}</td>"
        f"<td>{link(here, urls.norm(invocation.norm), views.norm_label(invocation.norm))}</td><td>{how}</td></tr>"
    )


def _paged_title(title: str, number: int) -> str:
    return title if number == 1 else f"{title} (page {number})"
