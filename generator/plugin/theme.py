"""The theme's navigation, tabs, footer and header parts, rendered once per folder for the pages outside the nav.

For a page outside the nav, Material's `partials/nav.html`, `partials/tabs.html`, the
footer and the header's palette, search and logo read nothing of the page but where it
lies: no nav item is active, there is no previous or next page, and every link in them
is relative to the page's folder. Every letter under communications/ therefore carries the
same bytes there, and rendering them costs about a third of the theme's time a page
(bench/RESULTS.md, the profile of a cold build). So the first page of each folder renders
them; the others take that text.

Only pages named by the build (the generated pages outside the nav) share; the nav's own
pages and docs/ pages are rendered in full. With $SP_ARCHIVE_SHARED_PARTIALS=0 nothing is
shared: tests/plugin/test_theme.py builds a site both ways and holds every file to the same bytes.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator
from typing import Any

from .. import environment

SHARED = (
    "partials/nav.html", "partials/tabs.html", "partials/footer.html", "partials/palette.html",
    "partials/javascripts/palette.html", "partials/search.html", "partials/logo.html",
)
"""The theme's partials that read nothing of a page outside the nav but its folder (the footer reads the
page's previous and next pages: it is shared only where there are none, as for every page outside the nav)."""


def sharing_enabled() -> bool:
    """False when $SP_ARCHIVE_SHARED_PARTIALS is 0: every page renders every partial (the reference)."""
    return os.environ.get(environment.SHARED_PARTIALS, "1") != "0"


def folder(url: str) -> str:
    """The folder a directory URL lies in: 'communications/al-oth-102-2021/' → 'communications'."""
    return posixpath.dirname(url.rstrip("/"))


class SharedPartials:
    """Renders each shared partial once per folder for the pages whose src_uri is in `pages`.

    `share(env)` wraps the partials' compiled templates in the theme's Jinja environment
    (MkDocs keeps them, auto_reload off), so every `{% include %}` of them goes through here.
    """

    def __init__(self, pages: set[str]) -> None:
        self.pages = pages
        self.rendered: dict[tuple[str, str], str] = {}
        self.renders = 0
        """How many times a shared partial was rendered for real (tests count them)."""

    def share(self, env: Any) -> None:
        for name in SHARED:
            template = env.get_template(name)
            template.root_render_func = self._once(name, template.root_render_func)

    def _once(self, name: str, render: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
        def root(context: Any) -> Iterator[str]:
            key = self._key(name, context.get("page"))
            if key is None:
                yield from render(context)
                return
            text = self.rendered.get(key)
            if text is None:
                self.renders += 1
                text = self.rendered[key] = "".join(render(context))
            yield text

        return root

    def _key(self, name: str, page: Any) -> tuple[str, str] | None:
        file = getattr(page, "file", None)
        if file is None or file.src_uri not in self.pages or getattr(page, "url", None) is None:
            return None
        if page.previous_page is not None or page.next_page is not None:
            return None
        return name, folder(page.url)
