"""Browse pages: all letters, and letters by mandate, addressee, country, year and type.

Every letter, and every letter of a year, are listed in full, paged: the archive's complete lists, which need no
JavaScript. A mandate's, an addressee's, a country's or a type's page shows its newest letters and counts them all by
year, each year a link to the search that lists them (`BOUNDED`)."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from .. import urls
from ..link.rates import rate
from ..link.views import DIMENSION_SINGULAR, Dimension, Group, Views
from .common import (
    NEWEST,
    Page,
    breadcrumbs,
    by_year,
    facts,
    follow,
    heading,
    letter_table,
    list_pages,
    page,
    page_title,
    reply_rate,
    table,
)
from .text import counted, esc, join, link

FOLLOWED = {"mandates": "by", "countries": "concerning", "addressees": "to"}
"""Browse dimensions whose groups have a feed (generator/data/feeds.py) and a reply-rate line."""
BOUNDED = {"mandates": "mandate", "addressees": "addressee", "countries": "country", "types": "type"}
"""Dimensions whose group pages show the NEWEST letters and do not grow with the archive → the search facet that lists
all of a group's letters (paged in full, a mandate's letters were 31 MB of the site at 20,000 letters; issue 20)."""
FACETS = "with counts by year, country, mandate and type"
INTRODUCTIONS = {
    "mandates": "Letters by the mandate on whose behalf they were sent.",
    "addressees": "Letters by addressee: States, companies and other organisations.",
    "countries": "Letters by country: the State addressed, or the country a company is based in.",
    "years": "Letters by the year they were sent.",
    "types": "Letters by type of communication.",
}


def render_all_letters(views: Views) -> Iterator[Page]:
    """communications/ (paged): every letter, newest first."""
    for part in list_pages(urls.COMMUNICATIONS, views.letters):
        title, here = part.title("Communications"), part.here
        intro = Markup(f"<p>{esc(counted(len(views.letters), 'letter'))} in the archive, newest first.</p>")
        feed = urls.feed("communications")
        listed = letter_table(here, part.rows, views)
        body = [page_title(title), intro, follow(here, feed, "new letters"), listed, part.pager()]
        yield page(here, title, body, feeds=[("New letters", feed)])


def render_dimension(dimension: Dimension, views: Views) -> Iterator[Page]:
    """<dimension>/ (paged): each value with its count of letters."""
    for part in list_pages(urls.dimension(dimension.name), dimension.groups):
        title, here = part.title(dimension.title), part.here
        rows = [
            Markup(f"<tr><td>{link(here, urls.group(dimension.name, g.key), g.label)}</td>"
                   f"<td>{len(g.letters)}</td></tr>")
            for g in part.rows
        ]
        groups = table([DIMENSION_SINGULAR[dimension.name], "Letters"], rows)
        body = [page_title(title), Markup(f"<p>{esc(INTRODUCTIONS[dimension.name])}</p>"), groups, part.pager()]
        yield page(here, title, body)


def render_group(dimension: Dimension, group: Group, views: Views) -> Iterator[Page]:
    """<dimension>/<key>/: the letters of one mandate, addressee, country or type (the newest, and counts by year),
    or of one year (paged)."""
    if dimension.name in BOUNDED:
        yield _group_page(dimension, group, views, urls.group(dimension.name, group.key), group.label,
                          _newest(dimension, group, views))
        return
    for part in list_pages(urls.group(dimension.name, group.key), group.letters):
        listed = [Markup(f"<p>{esc(counted(len(group.letters), 'letter'))}, newest first.</p>"),
                  letter_table(part.here, part.rows, views), part.pager()]
        yield _group_page(dimension, group, views, part.here, part.title(group.label), listed, first=part.number == 1)


def _group_page(dimension: Dimension, group: Group, views: Views, here: str, title: str, listed: list[Markup],
                first: bool = True) -> Page:
    trail = [(urls.HOME, "Home"), (urls.dimension(dimension.name), dimension.title)]
    body = [breadcrumbs(here, trail, group.label), heading(title)]
    if first and dimension.name == "mandates" and group.key in views.mandates:
        body.append(_mandate_facts(group.key, views))
    feeds = []
    if dimension.name in FOLLOWED:
        feed = urls.feed(dimension.name, group.key)
        feeds = [(f"New letters {FOLLOWED[dimension.name]} {group.label}", feed)]
        body.append(follow(here, feed, f"new letters {FOLLOWED[dimension.name]} {group.label}"))
        if first:
            body.append(reply_rate(rate(group.label, group.letters, views)))
    return page(here, title, body + listed, feeds=feeds)


def _newest(dimension: Dimension, group: Group, views: Views) -> list[Markup]:
    """The group's NEWEST letters; when it has more, how many, the search that lists them all, and counts by year."""
    here, letters = urls.group(dimension.name, group.key), group.letters
    facet = {BOUNDED[dimension.name]: _facet_value(dimension, group), "document": "Letter"}
    search = urls.search(**facet)
    if len(letters) <= NEWEST:
        lead = Markup(f"<p>{esc(counted(len(letters), 'letter'))}, newest first; also "
                      f"{link(here, search, 'in the search')}, {FACETS}.</p>")
        return [lead, letter_table(here, letters, views)]
    listed = link(here, search, f"List all {len(letters):,} in the search")
    years = by_year(here, (letter.date_sent.year for letter in letters), **facet)
    return [Markup(f'<p class="sp-listed">{len(letters):,} letters; the {NEWEST} newest are below. {listed}, newest '
                   f"first, {FACETS}; {link(here, urls.DATA, 'the data')} holds every "
                   "letter.</p>"),
            Markup(f'<p class="sp-by-year">Letters by year sent: {years}.</p>'),
            letter_table(here, letters[:NEWEST], views)]


def _facet_value(dimension: Dimension, group: Group) -> str:
    """The value the search's facet gives the group's letters (generator/search/documents.py: facet_values): its label,
    except for a type, whose label carries its code."""
    return group.letters[0].ref.type_name if dimension.name == "types" else group.label


def _mandate_facts(mandate_id: str, views: Views) -> Markup:
    mandate = views.mandates[mandate_id]
    resolutions = join(esc(r.resolution) for r in mandate.resolutions)
    rows = [("Title", esc(mandate.title)), ("Kind", esc(mandate.kind.replace("-", " "))), ("Resolutions", resolutions)]
    if mandate.holders:
        holders = join((Markup(f"{esc(h.name)}, {esc(h.title)}") for h in mandate.holders), "<br>")
        rows.append(("Holders in the archive", holders))
    return facts(rows)
