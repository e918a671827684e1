"""Pieces shared by page types: the page value, breadcrumbs, pagers and letter tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .. import urls
from ..link.rates import Rate
from ..link.views import REPLY_STATUS_LABELS, Views
from ..model import Communication, EditorialNote
from .text import EMPTY, NL, esc, file_href, front_matter, href, join, link, when


@dataclass(frozen=True)
class Page:
    """One generated page: where it lives, its title (plain text) and its Markdown."""

    url: str
    title: str
    markdown: str

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)


def page(url: str, title: str, body: Sequence[Markup], citation: list[tuple[str, str]] | None = None,
         feeds: list[tuple[str, str]] | None = None) -> Page:
    """Assemble a page from blocks (HTML, or Markdown headings from `section` and `page_title`; a plain `str` is
    escaped), separated by blank lines. `title`: plain text. `citation`: its head's citation_* tags; `feeds`: (title,
    site path) of the Atom feeds it offers, named in its head."""
    blocks = [esc(b).strip("\n") for b in body if b and b.strip()]
    return Page(url, title, front_matter(title, citation, feeds) + "\n\n".join(blocks) + "\n")


def follow(here: str, feed: str, title: str) -> Markup:
    """The visible 'Follow' link to a page's Atom feed."""
    return Markup(f'<p class="sp-follow"><a href="{esc(file_href(here, feed))}" type="application/atom+xml">'
                  f"Follow: {esc(title)}</a> "
                  "(Atom feed, for a feed reader)</p>")


def reply_rate(rate: Rate) -> Markup:
    """One line: how the letters of a group whose 60 days have passed were answered, as the archive knows it."""
    if not rate.letters:
        return Markup('<p class="sp-rate">No letter here has reached its 60 days yet.</p>')
    share = round(100 * rate.replied_share)
    return Markup(f'<p class="sp-rate">Replies: of the {rate.letters} letter{"s" if rate.letters != 1 else ""} '
                  "whose 60 days have passed, "
                  f"{rate.within} had a reply in the archive within the 60 days, {rate.later} later, and {rate.none} "
                  f"none ({share} % replied).</p>")


def breadcrumbs(here: str, trail: Sequence[tuple[str, str]], current: str) -> Markup:
    """Breadcrumbs for a page outside the navigation: (url, label) pairs, then the page itself (labels plain text)."""
    items = [Markup(f"<li>{link(here, url, label)}</li>") for url, label in trail]
    items.append(Markup(f'<li aria-current="page">{esc(current)}</li>'))
    return Markup(f'<nav class="sp-breadcrumbs" aria-label="Breadcrumbs"><ol>{join(items, "")}</ol></nav>')


def heading(title: str) -> Markup:
    """The page's H1, from record text (its direction from its own letters: an Arabic name reads right to left)."""
    return Markup(f'<h1 dir="auto">{esc(title)}</h1>')


def pager(here: str, base: str, number: int, count: int) -> Markup:
    """Links to the other pages of a paged list."""
    if count <= 1:
        return EMPTY
    items: list[Markup] = []
    if number > 1:
        items.append(Markup(f'<li>{link(here, urls.paged(base, number - 1), "← Previous")}</li>'))
    for n in range(1, count + 1):
        if n == number:
            items.append(Markup(f'<li aria-current="page"><strong>{n}</strong></li>'))
        elif n in (1, count) or abs(n - number) <= 3:
            items.append(Markup(f"<li>{link(here, urls.paged(base, n), str(n))}</li>"))
    if number < count:
        items.append(Markup(f'<li>{link(here, urls.paged(base, number + 1), "Next →")}</li>'))
    return Markup(f'<nav class="sp-pager" aria-label="Pages"><ol>{join(items, "")}</ol></nav>')


NEWEST = 50
"""Letters a page that does not grow with the archive shows, newest first (a norm's citations, a mandate's, an
addressee's, a country's or a type's letters); the search lists them all (issue 20: listed in full and paged, a norm's
citations were 190 MB of the site at 20,000 letters, a mandate's letters 31 MB)."""


def by_year(here: str, years: Iterable[int], **filters: str) -> Markup:
    """'2026 (12), 2025 (40), …': letters counted by the year they were sent (one year per letter in `years`), newest
    year first, each year a link to the search with `filters` and that year ticked: a list followed over time."""
    counts: dict[int, int] = {}
    for year in years:
        counts[year] = counts.get(year, 0) + 1
    return join((Markup(f"{link(here, urls.search(**filters, year=str(y)), str(y))} ({n:,})")
                 for y, n in sorted(counts.items(), reverse=True)), ", ")


def chunk(rows: Sequence, number: int, size: int = urls.PAGE_SIZE) -> Sequence:
    """Rows of page `number` (from 1)."""
    return rows[(number - 1) * size : number * size]


@dataclass(frozen=True)
class ListPage:
    """One page of a paged list: where it lies, which of how many it is, and its rows."""

    base: str
    number: int
    count: int
    rows: Sequence

    @property
    def here(self) -> str:
        return urls.paged(self.base, self.number)

    def title(self, title: str) -> str:
        """The list's title, with the page's number after the first page."""
        return title if self.number == 1 else f"{title} (page {self.number})"

    def pager(self) -> Markup:
        return pager(self.here, self.base, self.number, self.count)


def list_pages(base: str, rows: Sequence) -> Iterator[ListPage]:
    """The pages of a list of `rows` whose first page is at `base` (at least one, which may be empty)."""
    count = urls.page_count(len(rows))
    for number in range(1, count + 1):
        yield ListPage(base, number, count, chunk(rows, number))


def facts(rows: Sequence[tuple[str, Markup]]) -> Markup:
    """The facts list at the head of a page: (term, value) pairs, terms plain text, values HTML."""
    items = join((Markup(f"<dt>{esc(term)}</dt><dd>{esc(value)}</dd>") for term, value in rows), NL)
    return Markup(f'<dl class="sp-header">{items}</dl>')


def table(headings: Sequence[Markup | str], rows: Sequence[Markup], kind: str = "") -> Markup:
    """A table of the archive's style: `headings` (plain text or HTML), rendered `rows` (<tr>…</tr>), in a box that
    scrolls sideways on a narrow screen rather than widening the page."""
    head = join((Markup(f'<th scope="col">{esc(h)}</th>') for h in headings), "")
    classes = esc(f"sp-table {kind}".strip())
    return Markup(f'<div class="sp-table-wrap"><table class="{classes}"><thead><tr>{head}</tr></thead>'
                  f"<tbody>{join(rows, NL)}</tbody></table></div>")


def status_label(views: Views, letter: Communication) -> str:
    """The letter's reply status, in words."""
    return REPLY_STATUS_LABELS[views.status[letter.reference]]


def letter_table(here: str, letters: Sequence[Communication], views: Views) -> Markup:
    """A table of letters: reference, date sent, addressee, type, reply status."""
    if not letters:
        return Markup("<p><em>None.</em></p>")
    rows = []
    for letter in letters:
        addressee = link(here, urls.group("addressees", views.addressee_key[letter.reference]), letter.addressee.name)
        rows.append(Markup(
            "<tr>"
            f"<td>{link(here, urls.communication(letter.ref.slug), letter.reference)}</td>"
            f"<td>{when(letter.date_sent)}</td>"
            f'<td dir="auto">{addressee}</td>'
            f"<td>{esc(letter.ref.type_name)}</td>"
            f"<td>{esc(status_label(views, letter))}</td>"
            "</tr>"
        ))
    return table(["Reference", "Sent", "Addressee", "Type", "Reply"], rows)


def editorial(text: str, title: str, by: str | None = None) -> Markup:
    """A note the archive adds, in an admonition marked editorial: its `title`, its text, and who wrote it if known."""
    signed = f'<p class="sp-by">— {esc(by)}</p>' if by else ""
    return Markup(
        '<div class="admonition note sp-editorial">'
        f'<p class="admonition-title">{esc(title)}</p>'
        f"<p>{esc(text)}</p>{signed}</div>"
    )


def summary(note: EditorialNote) -> Markup:
    """A record's summary, an editorial note marked as not part of the document it summarises."""
    return editorial(note.text, "Summary (editorial, not part of the document)", note.by)


def editorial_note(note: str | None) -> Markup:
    """A contributor's short note beside a link, marked editorial; '' for none (so callers need no test)."""
    return Markup(f' <span class="sp-editorial-inline">(editorial note: {esc(note)})</span>') if note else EMPTY


def page_title(title: Markup | str) -> Markup:
    """A page's title as its Markdown H1 (the pages of the navigation); a plain `str` title is escaped."""
    return Markup(f"# {esc(title)}")


def section(title: Markup | str) -> Markup:
    """A section heading in Markdown, so it enters the table of contents; a plain `str` title is escaped."""
    return Markup(f"## {esc(title)}")


def norm_href(here: str, norm_id: str) -> str:
    """Relative URL of a norm's page."""
    return href(here, urls.norm(norm_id))
