"""Norm pages: the catalogue index, one page per instrument and one per provision, with backlinks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markupsafe import Markup

from .. import urls
from ..labels import INSTRUMENT_KINDS
from ..link.views import Invocation, Views
from ..model import Communication, Instrument, Provision
from .common import (
    NEWEST,
    Page,
    breadcrumbs,
    by_year,
    editorial,
    editorial_note,
    facts,
    follow,
    heading,
    page,
    page_title,
    section,
    table,
)
from .text import NL, counted, esc, external, join, link, when


def render_norm_index(views: Views) -> Page:
    """norms/: every instrument in the catalogue, with its provisions and how often the archive cites it."""
    here = urls.NORMS
    rows = []
    for instrument in views.instruments.values():
        count = len(views.instrument_invocations(instrument.id))
        rows.append(Markup(
            f"<tr><td>{link(here, urls.norm(instrument.id), instrument.short_title)}</td>"
            f"<td>{esc(instrument.title)}</td><td>{len(views.provisions_of.get(instrument.id, ()))}</td>"
            f"<td>{count}</td></tr>"
        ))
    instruments = table(["Instrument", "Title", "Provisions", "Citations in the archive"], rows)
    intro = Markup("<p>The instruments and provisions the archive's letters invoke.</p>")
    return page(here, "Norms", [page_title("Norms"), intro, instruments])


def render_instrument(instrument: Instrument, views: Views) -> Iterator[Page]:
    """norms/<id>/: the instrument, its provisions, how many letters cite it or them (listed by the search), and the
    newest citations of the instrument as a whole.

    The letters citing one of its provisions are on that provision's page, with their words; listing them again here
    made the instrument pages a third of the site's norms (issue 20). The search lists them all at once, newest first,
    with counts by year, country and mandate (`search_link`).
    """
    here = urls.norm(instrument.id)
    cited = by_letter(views.invocations.get(instrument.id, ()))
    letters = len(by_letter(views.instrument_invocations(instrument.id)))
    feeds = _norm_feed(instrument.id, instrument.short_title, views)
    body = [
        breadcrumbs(here, [(urls.HOME, "Home"), (urls.NORMS, "Norms")], instrument.short_title),
        heading(instrument.title), instrument_facts(instrument), *provisions_list(here, instrument, views),
        section("Citations in the archive"), search_link(here, instrument, letters),
        *(follow(here, f, t) for t, f in feeds),
    ]
    if cited:
        whole = f"{instrument.short_title} as a whole"
        body += [Markup(f"<h3>Citing {esc(whole)}</h3>"), *newest(here, views.norm_value(instrument.id), cited),
                 citations_table(here, cited[:NEWEST], views)]
    yield page(here, instrument.short_title, body, feeds=feeds)


def search_link(here: str, instrument: Instrument, letters: int) -> Markup:
    """How many letters cite the instrument or its provisions, and the search that lists them all."""
    if not letters:
        return NOT_CITED
    search, title = urls.search(instrument=instrument.short_title, document="Letter"), esc(instrument.short_title)
    if letters == 1:
        lead = f"1 letter cites {title} or one of its provisions: {link(here, search, 'find it in the search')}"
    else:
        listed = link(here, search, "List them in the search, newest first")
        lead = (f"{letters:,} letters cite {title} or one of its provisions. {listed}, with counts by year, country "
                "and mandate")
    return Markup(f'<p class="sp-cited-by">{lead}; each provision\'s page shows the newest letters citing it, with '
                  f"their words, and {link(here, urls.DATA, 'the data')} holds every citation.</p>")


def instrument_facts(instrument: Instrument) -> Markup:
    """What the catalogue knows about an instrument."""
    rows = [
        ("Short title", esc(instrument.short_title)),
        ("Kind", esc(INSTRUMENT_KINDS.get(instrument.kind, instrument.kind))),
        ("Adopted", Markup(f"{when(instrument.adopted)} ({esc(instrument.adopted_by)})")),
    ]
    if instrument.symbol:
        rows.append(("Symbol", esc(instrument.symbol)))
    rows.append(("Official text", external(str(instrument.url))))
    listed = facts(rows)
    if instrument.note:
        listed += editorial(instrument.note, "Editorial note")
    return listed


def provisions_list(here: str, instrument: Instrument, views: Views) -> list[Markup]:
    """The instrument's provisions in the catalogue, each linked, with its citation count."""
    provisions = views.provisions_of.get(instrument.id, ())
    if not provisions:
        return []
    items: list[Markup] = []
    uncited: list[Markup] = []
    for provision in provisions:
        count = len(views.invocations.get(provision.id, ()))
        if not count:
            uncited.append(link(here, urls.norm(provision.id), provision.number))
            continue
        title = f": {esc(provision.title)}" if provision.title else ""
        label = link(here, urls.norm(provision.id), views.norm_label(provision.id))
        items.append(Markup(f"<li>{label}{title} ({esc(counted(count, 'citation'))})</li>"))
    out = [section("Provisions")]
    if items:
        out.append(Markup(f'<ul class="sp-provisions">{join(items, NL)}</ul>'))
    if uncited:
        label = esc(instrument.provision_label)
        out.append(Markup(f'<p class="sp-uncited">Not yet cited in the archive ({label}): {join(uncited)}.</p>'))
    return out


def render_provision(provision: Provision, views: Views) -> Iterator[Page]:
    """norms/<id>/: the provision's text where sourced, how many letters cite it and in which years, and the newest
    allegations and annex citations of it, with their words."""
    instrument = views.instruments[views.instrument_of[provision.id]]
    here = urls.norm(provision.id)
    cited = by_letter(views.invocations.get(provision.id, ()))
    label = views.norm_label(provision.id)
    trail = [(urls.HOME, "Home"), (urls.NORMS, "Norms"), (urls.norm(instrument.id), instrument.short_title)]
    feeds = _norm_feed(provision.id, label, views)
    body = [
        breadcrumbs(here, trail, label), heading(f"{label}: {provision.title}" if provision.title else label),
        provision_facts(here, provision, instrument, views), section("Citations in the archive"),
        *(follow(here, f, t) for t, f in feeds),
    ]
    if cited:
        body += newest(here, views.norm_value(provision.id), cited)
    body.append(citations_table(here, cited[:NEWEST], views))
    yield page(here, label, body, feeds=feeds)


def newest(here: str, value: str, cited: Sequence[tuple[Invocation, ...]]) -> list[Markup]:
    """How many letters cite the norm, the search that lists them all, and, when the page shows only the newest,
    how many a year: a norm followed over time."""
    search = urls.search(norm=value, document="Letter")
    if len(cited) <= NEWEST:
        shown = "1 letter cites it, below with its words" if len(cited) == 1 else (
            f"{len(cited):,} letters cite it, below, newest first, with their words")
        return [Markup(f'<p class="sp-cited-by">{shown}; also {link(here, search, "in the search")}, with counts by '
                       "year, country and mandate.</p>")]
    listed = link(here, search, f"List all {len(cited):,} in the search")
    years = by_year(here, (group[0].letter.date_sent.year for group in cited), norm=value, document="Letter")
    return [Markup(f'<p class="sp-cited-by">{len(cited):,} letters cite it; the {NEWEST} newest are below, with their '
                   f"words. {listed}, newest first, with counts by country and mandate; "
                   f"{link(here, urls.DATA, 'the data')} holds every citation.</p>"),
            Markup(f'<p class="sp-by-year">Letters citing it, by year sent: {years}.</p>')]


def provision_facts(here: str, provision: Provision, instrument: Instrument, views: Views) -> Markup:
    """What the catalogue knows: instrument, official URL, the words where a source gives them."""
    rows = [("Instrument", link(here, urls.norm(instrument.id), instrument.title)), ("Number", esc(provision.number))]
    rows.append(("Official text", external(str(provision.url or instrument.url))))
    out = facts(rows)
    if provision.text is None:
        return out + Markup("<p><em>The archive does not hold this provision's words; follow the official text."
                            "</em></p>")
    words = join((Markup(f"<p>{esc(p)}</p>") for p in provision.text.paragraphs), NL)
    partial = " (part of the provision)" if provision.text.partial else ""
    quoted = ""
    if provision.text.quoted_in:
        target = views.by_reference.get(provision.text.quoted_in)
        shown = (link(here, urls.communication(target.ref.slug), target.reference) if target
                 else esc(provision.text.quoted_in))
        quoted = f'<p class="sp-provision-source">Quoted in {shown}.</p>'
    source = f'<p class="sp-provision-source">Source{partial}: {esc(provision.text.source)}</p>'
    return out + Markup(f'<blockquote class="sp-provision-text">{words}</blockquote>{source}{quoted}')


NOT_CITED = Markup("<p><em>No letter in the archive cites it yet.</em></p>")


def by_letter(cited: Sequence[Invocation]) -> list[tuple[Invocation, ...]]:
    """The places citing a norm, grouped by letter (one row each), in the order given."""
    groups: dict[str, list[Invocation]] = {}
    for invocation in cited:
        groups.setdefault(invocation.letter.reference, []).append(invocation)
    return [tuple(group) for group in groups.values()]


def citations_table(here: str, cited: Sequence[tuple[Invocation, ...]], views: Views) -> Markup:
    """One row per letter citing the norm: letter, date, addressee, and every way it cites it, with its words."""
    if not cited:
        return NOT_CITED
    rows = [_citation_row(here, group, views, join((_how_cited(here, group[0].letter, i) for i in group), NL))
            for group in cited]
    return table(["Letter", "Sent", "Addressee", "How it is cited"], rows, "sp-citations")


def _citation_row(here: str, group: tuple[Invocation, ...], views: Views, how: Markup) -> Markup:
    letter = group[0].letter
    page_url = urls.communication(letter.ref.slug)
    addressee = link(here, urls.group("addressees", views.addressee_key[letter.reference]), letter.addressee.name)
    return Markup(
        f"<tr><td>{link(here, page_url, letter.reference)}</td><td>{when(letter.date_sent)}</td>"
        f"<td dir=\"auto\">{addressee}</td><td>{esc(how)}</td></tr>"
    )


def _how_cited(here: str, letter: Communication, invocation: Invocation) -> Markup:
    """One way a letter cites the norm: an allegation, with its words, or a paragraph of the annex."""
    page_url = urls.communication(letter.ref.slug)
    if invocation.allegation is not None and invocation.link is not None:
        allegation, norm_link = invocation.allegation, invocation.link
        note = editorial_note(norm_link.note)
        basis = esc(norm_link.basis)
        how = Markup(
            f"<p>Allegation {link(here, f'{page_url}#allegation-{allegation.id}', allegation.title)} "
            f'<span class="sp-basis sp-basis-{basis}">{basis}</span>{note}</p>'
            f"<blockquote><p>{esc(allegation.text)}</p></blockquote>"
        )
    else:
        paragraph, citation = invocation.paragraph, invocation.citation
        assert paragraph is not None and citation is not None
        pinpoint = f", {esc(citation.pinpoint)}" if citation.pinpoint else ""
        note = editorial_note(citation.note)
        place = link(here, f"{page_url}#{paragraph.id}", "paragraph " + paragraph.id)
        how = Markup(f"<p>Annex citation in {place}{pinpoint}{note}</p>")
    return how


def _norm_feed(norm_id: str, label: str, views: Views) -> list[tuple[str, str]]:
    """The feed of new letters invoking this norm itself, where a letter does (generator/data/feeds.py)."""
    if norm_id not in views.invocations:
        return []
    return [(f"New letters invoking {label}", urls.feed("norms", norm_id.lower()))]
