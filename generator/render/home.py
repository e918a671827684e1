"""The home page: what the archive is, its counts, the latest letters (and their feed, named in its head), and
search."""

from __future__ import annotations

from markupsafe import Markup

from .. import urls
from ..link.views import Views
from .common import Page, follow, letter_table, page, section
from .text import NL, counted, esc, join, link, when

LATEST = 10


def render_home(views: Views) -> Page:
    """The site's front page."""
    here = urls.HOME
    feed = urls.feed("communications")
    dims = views.dimensions
    replies = sum(len(found) for found in views.replies.values())
    counts = [
        (urls.COMMUNICATIONS, counted(len(views.letters), "letter")),
        (urls.REPLIES, counted(replies, "reply", "replies")),
        (urls.NORMS, f"{counted(len(views.instruments), 'instrument')}, {counted(len(views.provisions), 'provision')}"),
        (urls.dimension("mandates"), counted(len(dims['mandates'].groups), 'mandate')),
        (urls.dimension("addressees"), counted(len(dims['addressees'].groups), 'addressee')),
        (urls.dimension("countries"), counted(len(dims['countries'].groups), 'country', 'countries')),
    ]
    items = join((Markup(f"<li>{link(here, url, text)}</li>") for url, text in counts), NL)
    body = [
        Markup(f'<h1>{esc(views.archive.title)}</h1>'),
        Markup(f'<p class="sp-description">{esc(views.archive.description)}</p>'),
        Markup(f'<p>Content checked against its sources as of {when(views.archive.as_of)}.</p>'),
        Markup("<p>Search every letter with the search box at the top of each page.</p>"),
        section("In the archive"),
        Markup(f'<ul class="sp-counts">{items}</ul>'),
        section("Latest letters"),
        letter_table(here, views.letters[:LATEST], views),
        Markup(f"<p>{link(here, urls.COMMUNICATIONS, 'All letters')}</p>"),
        follow(here, feed, "new letters"),
    ]
    return page(here, views.archive.title, body, feeds=[("New letters", feed)])
