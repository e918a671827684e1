"""Every page of the site, in a stable order: the list the plugin hands to MkDocs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial

from ..link import Views
from ..workers import forked_map
from . import urls
from .browse import render_all_letters, render_dimension, render_group
from .common import Page
from .communication import render_communication
from .data_pages import render_data_page, render_statistics
from .home import render_home
from .norm import render_instrument, render_norm_index, render_provision
from .replies import render_received, render_unanswered

NAV_URLS = frozenset(
    {urls.HOME, urls.COMMUNICATIONS, urls.REPLIES, urls.UNANSWERED, urls.NORMS, urls.DATA, urls.STATISTICS}
    | {urls.dimension(name) for name in ("mandates", "addressees", "countries", "years", "types")}
)
"""Pages listed in mkdocs.yml's nav; every other generated page is reached by links and breadcrumbs."""


def all_pages(views: Views, workers: int = 1, downloads: Mapping[str, bytes] | None = None) -> Iterator[Page]:
    """Render the whole site; with several workers, pages are rendered in that many forked processes."""
    for pages in forked_map(_made, page_makers(views, downloads), workers, chunk=25):
        yield from pages


def page_makers(views: Views, downloads: Mapping[str, bytes] | None = None,
                spooled: Mapping[str, int] | None = None) -> list[Callable[[], Iterable[Page]]]:
    """One call per renderer and record, in the site's stable order; each returns its pages.

    `downloads`: the data files (generator/data/), whose sizes the data page lists, with
    `spooled`: the sizes of those the build keeps on disk until the site exists (the yearly records).
    """
    sizes = {path: len(data) for path, data in (downloads or {}).items()} | dict(spooled or {})
    makers: list[Callable[[], Iterable[Page]]] = [partial(_one, render_home, views), partial(render_all_letters, views)]
    makers += [partial(_one, render_communication, letter, views) for letter in views.letters]
    makers.append(partial(_one, render_norm_index, views))
    makers += [partial(render_instrument, instrument, views) for instrument in views.instruments.values()]
    makers += [partial(render_provision, provision, views) for provision in views.provisions.values()]
    for dimension in views.dimensions.values():
        makers.append(partial(render_dimension, dimension, views))
        makers += [partial(render_group, dimension, group, views) for group in dimension.groups]
    makers += [partial(render_received, views), partial(render_unanswered, views)]
    makers += [partial(_one, render_data_page, views, sizes), partial(_one, render_statistics, views)]
    return makers


def _one(render: Callable[..., Page], *args: object) -> list[Page]:
    return [render(*args)]


def _made(make: Callable[[], Iterable[Page]]) -> list[Page]:
    return list(make())
