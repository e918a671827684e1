"""Browse pages: all letters, and letters by mandate, addressee, country, year and type, paged."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from .. import urls
from ..link.rates import rate
from ..link.views import DIMENSION_SINGULAR, Dimension, Group, Views
from .common import (
    Page,
    breadcrumbs,
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
    """<dimension>/<key>/ (paged): the letters of one mandate, addressee, country, year or type."""
    for part in list_pages(urls.group(dimension.name, group.key), group.letters):
        title, here, number = part.title(group.label), part.here, part.number
        trail = [(urls.HOME, "Home"), (urls.dimension(dimension.name), dimension.title)]
        body = [breadcrumbs(here, trail, group.label), heading(title)]
        if number == 1 and dimension.name == "mandates" and group.key in views.mandates:
            body.append(_mandate_facts(group.key, views))
        feeds = []
        if dimension.name in FOLLOWED:
            feed = urls.feed(dimension.name, group.key)
            feeds = [(f"New letters {FOLLOWED[dimension.name]} {group.label}", feed)]
            body.append(follow(here, feed, f"new letters {FOLLOWED[dimension.name]} {group.label}"))
            if number == 1:
                body.append(reply_rate(rate(group.label, group.letters, views)))
        body += [Markup(f"<p>{esc(counted(len(group.letters), 'letter'))}, newest first.</p>"),
                 letter_table(here, part.rows, views)]
        body.append(part.pager())
        yield page(here, title, body, feeds=feeds)


def _mandate_facts(mandate_id: str, views: Views) -> Markup:
    mandate = views.mandates[mandate_id]
    resolutions = join(esc(r.resolution) for r in mandate.resolutions)
    rows = [("Title", esc(mandate.title)), ("Kind", esc(mandate.kind.replace("-", " "))), ("Resolutions", resolutions)]
    if mandate.holders:
        holders = join((Markup(f"{esc(h.name)}, {esc(h.title)}") for h in mandate.holders), "<br>")
        rows.append(("Holders in the archive", holders))
    return facts(rows)
