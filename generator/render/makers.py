"""Every page of the site, in a stable order: the list the plugin hands to MkDocs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from .. import urls
from ..link.views import Views
from . import reads
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
NAV_PAGES = frozenset(f"{url}index.md" for url in NAV_URLS)
"""The src_uris of the nav's pages: MkDocs reads their Markdown itself."""


def all_pages(views: Views, downloads: Mapping[str, bytes] | None = None) -> Iterator[Page]:
    """Every page of the site, made in this process (the build spreads the makers over processes itself)."""
    for maker in page_makers(views, downloads):
        yield from maker.make()


@dataclass(frozen=True)
class PageMaker:
    """One renderer called on one record (or on the archive): its pages, and the key of what they read."""

    make: Callable[[], Iterable[Page]]
    key: str
    """Changes when any record the pages read changes (generator/render/reads.py); the same key, the same pages."""


def page_makers(views: Views, downloads: Mapping[str, bytes] | None = None,
                spooled: Mapping[str, int] | None = None, known: reads.Digests | None = None) -> list[PageMaker]:
    """One maker per renderer and record, in the site's stable order; each makes its pages.

    `downloads`: the data files (generator/data/), whose sizes the data page lists, with
    `spooled`: the sizes of those the build keeps on disk until the site exists (the yearly records).
    """
    sizes = {path: len(data) for path, data in (downloads or {}).items()} | dict(spooled or {})
    known = known or reads.digests(views)
    whole = reads.archive_reads(known)

    def maker(render: Callable[..., Iterable[Page]], read: Iterable[str], *args: object) -> PageMaker:
        return PageMaker(partial(render, *args), reads.key_of(render.__name__, read))

    def one(render: Callable[..., Page], read: Iterable[str], *args: object) -> PageMaker:
        return PageMaker(partial(_one, render, *args), reads.key_of(render.__name__, read))

    makers = [one(render_home, whole, views), maker(render_all_letters, whole, views)]
    makers += [one(render_communication, reads.letter_reads(letter, views, known), letter, views)
               for letter in views.letters]
    makers.append(one(render_norm_index, whole, views))
    makers += [maker(render_instrument, reads.instrument_reads(instrument, views, known), instrument, views)
               for instrument in views.instruments.values()]
    makers += [maker(render_provision, reads.provision_reads(provision, views, known), provision, views)
               for provision in views.provisions.values()]
    for dimension in views.dimensions.values():
        makers.append(maker(render_dimension, reads.archive_reads(known, dimension.name), dimension, views))
        makers += [maker(render_group, reads.group_reads(dimension, group, known), dimension, group, views)
                   for group in dimension.groups]
    makers += [maker(render_received, whole, views), maker(render_unanswered, whole, views)]
    size_list = sorted(f"{path}={size}" for path, size in sizes.items())
    makers += [one(render_data_page, reads.archive_reads(known, *size_list), views, sizes),
               one(render_statistics, whole, views)]
    return makers


def _one(render: Callable[..., Page], *args: object) -> list[Page]:
    return [render(*args)]

