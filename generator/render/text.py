"""Escaping helpers: record text reaches a page only as escaped text, never as markup.

Record text is untrusted. Renderers put it inside raw HTML blocks, escaped by `esc`;
Python-Markdown passes raw HTML blocks through untouched, so neither Markdown syntax,
attribute lists nor HTML in a record is ever interpreted. Each escaped text stays on one
physical line (newlines become <br>), so a blank line in a record cannot end a raw HTML
block early.

HTML is typed: every helper that returns HTML returns `markupsafe.Markup`, and every
helper that takes HTML takes `Markup` and passes any plain `str` it is given through
`esc`, the one escaping function. A renderer marks its own literal HTML as trusted with
`Markup(f"...")`, whose every record value is an `esc(...)` or a helper's `Markup`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from markupsafe import Markup

from ..model.language import MONTHS
from ..model.reference import REFERENCE_IN_TEXT

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:&\"'=$%@^])")
EMPTY = Markup("")
_trusted = partial(str.__new__, Markup)
"""`Markup(text)` for text `esc` has just escaped, without Markup's test for `__html__` (a hot path)."""
NL = "\n"
"""Separates block-level elements inside a raw HTML block (never a blank line), so golden diffs stay readable."""


def esc(text: Markup | str | int | date | None) -> Markup:
    """Escape record text for an HTML context: quotes too, newlines as <br>; `Markup` (already HTML) is kept."""
    if text is None:
        return EMPTY
    if isinstance(text, Markup):
        return text
    escaped = html.escape(text if isinstance(text, str) else str(text), quote=True)
    if "\n" not in escaped:  # a hot path (half a million calls a thousand letters): no regex when there is no newline
        return _trusted(escaped)
    return _trusted(escaped.replace("\r\n", "<br>").replace("\n", "<br>"))


def esc_markdown(text: str) -> str:
    """Escape text for a Markdown inline context: every special character, as an entity or backslash."""
    flat = " ".join(str(text).split())
    return MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group(1))};", flat)


def file_href(here: str, path: str) -> str:
    """Relative URL from the page at `here` to a file (not a page) at site path `path`, e.g. 'data/replies.csv'."""
    folder, _, name = path.rpartition("/")
    return href(here, f"{folder}/" if folder else "") + name


def front_matter(title: str, citation: list[tuple[str, str]] | None = None,
                 feeds: list[tuple[str, str]] | None = None) -> str:
    """YAML front matter: the page title, any `citation_*` tags and the (title, site path) of its Atom feeds for the
    page head, HTML-escaped here (Material and overrides/main.html print them as they are)."""
    lines = [f"title: {json.dumps(esc(title))}"]
    for key, pairs in (("citation", citation), ("feeds", feeds)):
        if pairs:
            lines.append(f"{key}:")
            lines += [f"  - [{json.dumps(esc(name))}, {json.dumps(esc(' '.join(value.split())), ensure_ascii=False)}]"
                      for name, value in pairs]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def href(here: str, target: str) -> str:
    """Relative URL from the page at directory URL `here` to `target` (site-relative; '' is home, '#x' this page;
    a query, '?a=b', and a fragment are kept)."""
    if target.startswith("#"):
        return target
    path, _, fragment = target.partition("#")
    path, _, query = path.partition("?")
    # posixpath.relpath, without its normalisation: URLs here are clean directory paths (a hot path).
    source = [part for part in here.split("/") if part]
    dest = [part for part in path.split("/") if part]
    common = 0
    for a, b in zip(source, dest, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(source) - common) + dest[common:]
    rel = "/".join(parts) + "/" if parts else "./"
    return rel + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def link(here: str, target: str, text: Markup | str, css: str | None = None) -> Markup:
    """An <a> to a page of the site; `text` is plain text (escaped here) or `Markup`."""
    klass = f' class="{esc(css)}"' if css else ""
    return Markup(f'<a href="{esc(href(here, target))}"{klass}>{esc(text)}</a>')


def external(url: str, text: str | None = None) -> Markup:
    """An <a> to an http(s) URL from a record; anything else is shown as text."""
    shown = esc(text if text is not None else url)
    if not re.match(r"^https?://", str(url), re.IGNORECASE):
        return shown
    return Markup(f'<a href="{esc(url)}" rel="noopener">{shown}</a>')


def inline(
    text: str,
    markers: dict[int, Markup] | None = None,
    reference_link: Callable[[str], str | None] | None = None,
) -> Markup:
    """Escape `text`, inserting `markers` (HTML) at offsets and linking references in the text."""
    markers = markers or {}
    spans: list[tuple[int, int, str]] = []
    if reference_link is not None:
        for match in REFERENCE_IN_TEXT.finditer(text):
            target = reference_link(match.group(0))
            if target is not None:
                spans.append((match.start(), match.end(), target))
    out: list[Markup] = []
    position = 0
    for start, end, target in spans:
        out.append(_with_markers(text, position, start, markers))
        out.append(Markup(f'<a href="{esc(target)}">{esc(text[start:end])}</a>'))
        out += [markers[o] for o in sorted(markers) if start < o <= end]
        position = end
    out.append(_with_markers(text, position, len(text), markers))
    return join(out, "")


def _with_markers(text: str, start: int, end: int, markers: dict[int, Markup]) -> Markup:
    out, position = [], start
    for offset in sorted(o for o in markers if start < o <= end or (o == start == 0)):
        out.append(esc(text[position:offset]))
        out.append(markers[offset])
        position = offset
    out.append(esc(text[position:end]))
    return join(out, "")


def join(parts: Iterable[Markup], separator: str = ", ") -> Markup:
    """Join HTML fragments with a trusted `separator`; a plain `str` among them is escaped, not trusted."""
    return _trusted(separator.join([part if isinstance(part, Markup) else esc(part) for part in parts]))


def in_words(day: date, language: str = "en") -> str:
    """A date as letters print it: '12 March 2021', '12 mars 2021', '12 de marzo de 2021'."""
    month = MONTHS.get(language, MONTHS["en"])[day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


def when(day: date | None, language: str = "en") -> Markup:
    """A date in words inside a <time> element that gives machines its ISO form; '' for no date."""
    if day is None:
        return EMPTY
    return Markup(f'<time datetime="{day.isoformat()}">{esc(in_words(day, language))}</time>')


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """'1 letter', '2 letters', '1 reply', '3 replies': a count with its noun agreeing."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
