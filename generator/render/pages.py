"""Every page of the site, in a stable order: the list the plugin hands to MkDocs."""

from __future__ import annotations

from collections.abc import Iterator

from ..link import Views
from . import urls
from .browse import render_all_letters, render_dimension, render_group
from .common import Page
from .communication import render_communication
from .home import render_home
from .norm import render_instrument, render_norm_index, render_provision
from .replies import render_received, render_unanswered

NAV_URLS = frozenset(
    {urls.HOME, urls.COMMUNICATIONS, urls.REPLIES, urls.UNANSWERED, urls.NORMS}
    | {urls.dimension(name) for name in ("mandates", "addressees", "countries", "years", "types")}
)
"""Pages listed in mkdocs.yml's nav; every other generated page is reached by links and breadcrumbs."""


def all_pages(views: Views) -> Iterator[Page]:
    """Render the whole site."""
    yield render_home(views)
    yield from render_all_letters(views)
    for letter in views.letters:
        yield render_communication(letter, views)
    yield render_norm_index(views)
    for instrument in views.instruments.values():
        yield from render_instrument(instrument, views)
    for provision in views.provisions.values():
        yield from render_provision(provision, views)
    for dimension in views.dimensions.values():
        yield from render_dimension(dimension, views)
        for group in dimension.groups:
            yield from render_group(dimension, group, views)
    yield from render_received(views)
    yield from render_unanswered(views)
