"""The pages `mkdocs serve` shows while the archive has errors: every error, where it is, what to do."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..errors import RecordError
from .common import Page, heading, page
from .text import esc, join


def render_problems(problems: Sequence[RecordError], urls: Sequence[str]) -> list[Page]:
    """The same page at each of `urls` (the nav's): the archive's errors and warnings, one a line."""
    errors = [p for p in problems if not p.warning]
    items = join((Markup(f"<li><code>{esc(str(problem))}</code></li>") for problem in sorted(problems)), "")
    body = [
        heading("The archive has errors"),
        Markup(f"<p>{len(errors)} error(s) in the records; nothing else is shown until they are fixed. "
               "Save a fix and this page reloads by itself.</p>"),
        Markup(f'<ul class="sp-problems">{items}</ul>'),
    ]
    return [page(url, "Errors in the archive", body) for url in sorted(urls)]
