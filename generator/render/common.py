"""Pieces shared by page types: the page value, breadcrumbs, pagers and letter tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..link import REPLY_STATUS_LABELS, Views
from ..model import Communication, EditorialNote
from ..rates import Rate
from . import urls
from .text import NL, esc, file_href, front_matter, href, link, when


@dataclass(frozen=True)
class Page:
    """One generated page: where it lives, its title (plain text) and its Markdown."""

    url: str
    title: str
    markdown: str

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)


def page(url: str, title: str, body: Sequence[str], citation: list[tuple[str, str]] | None = None,
         feeds: list[tuple[str, str]] | None = None) -> Page:
    """Assemble a page from blocks; blocks are separated by blank lines. `citation`: its head's citation_* tags;
    `feeds`: (title, site path) of the Atom feeds it offers, named in its head."""
    blocks = [b.strip("\n") for b in body if b and b.strip()]
    return Page(url, title, front_matter(title, citation, feeds) + "\n\n".join(blocks) + "\n")


def follow(here: str, feed: str, title: str) -> str:
    """The visible 'Follow' link to a page's Atom feed."""
    return (f'<p class="sp-follow"><a href="{esc(file_href(here, feed))}" type="application/atom+xml">'
            f"Follow: {esc(title)}</a> "
            "(Atom feed, for a feed reader)</p>")


def reply_rate(rate: Rate) -> str:
    """One line: how the letters of a group whose 60 days have passed were answered, as the archive knows it."""
    if not rate.letters:
        return '<p class="sp-rate">No letter here has reached its 60 days yet.</p>'
    share = round(100 * rate.replied_share)
    return (f'<p class="sp-rate">Replies: of the {rate.letters} letter{"s" if rate.letters != 1 else ""} '
            "whose 60 days have passed, "
            f"{rate.within} had a reply in the archive within the 60 days, {rate.later} later, and {rate.none} none "
            f"({share} % replied).</p>")


def breadcrumbs(here: str, trail: Sequence[tuple[str, str]], current: str) -> str:
    """Breadcrumbs for a page outside the navigation: (url, label) pairs, then the page itself."""
    items = [f"<li>{link(here, url, label)}</li>" for url, label in trail]
    items.append(f'<li aria-current="page">{esc(current)}</li>')
    return f'<nav class="sp-breadcrumbs" aria-label="Breadcrumbs"><ol>{"".join(items)}</ol></nav>'


def heading(title: str) -> str:
    """The page's H1, from record text (its direction from its own letters: an Arabic name reads right to left)."""
    return f'<h1 dir="auto">{esc(title)}</h1>'


def pager(here: str, base: str, number: int, count: int) -> str:
    """Links to the other pages of a paged list."""
    if count <= 1:
        return ""
    items = []
    if number > 1:
        items.append(f'<li>{link(here, urls.paged(base, number - 1), "← Previous")}</li>')
    for n in range(1, count + 1):
        if n == number:
            items.append(f'<li aria-current="page"><strong>{n}</strong></li>')
        elif n in (1, count) or abs(n - number) <= 3:
            items.append(f"<li>{link(here, urls.paged(base, n), str(n))}</li>")
    if number < count:
        items.append(f'<li>{link(here, urls.paged(base, number + 1), "Next →")}</li>')
    return f'<nav class="sp-pager" aria-label="Pages"><ol>{"".join(items)}</ol></nav>'


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

    def pager(self) -> str:
        return pager(self.here, self.base, self.number, self.count)


def list_pages(base: str, rows: Sequence) -> Iterator[ListPage]:
    """The pages of a list of `rows` whose first page is at `base` (at least one, which may be empty)."""
    count = urls.page_count(len(rows))
    for number in range(1, count + 1):
        yield ListPage(base, number, count, chunk(rows, number))


def facts(rows: Sequence[tuple[str, str]]) -> str:
    """The facts list at the head of a page: (term, HTML already escaped or built from escaped parts) pairs."""
    items = NL.join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    return f'<dl class="sp-header">{items}</dl>'


def table(headings: Sequence[str], rows: Sequence[str], kind: str = "") -> str:
    """A table of the archive's style: trusted `headings`, rendered `rows` (<tr>…</tr>), in a box that scrolls
    sideways on a narrow screen rather than widening the page."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headings)
    classes = f"sp-table {kind}".strip()
    return (f'<div class="sp-table-wrap"><table class="{classes}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{NL.join(rows)}</tbody></table></div>")


def status_label(views: Views, letter: Communication) -> str:
    """The letter's reply status, in words."""
    return REPLY_STATUS_LABELS[views.status[letter.reference]]


def letter_table(here: str, letters: Sequence[Communication], views: Views) -> str:
    """A table of letters: reference, date sent, addressee, type, reply status."""
    if not letters:
        return "<p><em>None.</em></p>"
    rows = []
    for letter in letters:
        addressee = link(here, urls.group("addressees", views.addressee_key[letter.reference]), letter.addressee.name)
        rows.append(
            "<tr>"
            f"<td>{link(here, urls.communication(letter.ref.slug), letter.reference)}</td>"
            f"<td>{when(letter.date_sent)}</td>"
            f'<td dir="auto">{addressee}</td>'
            f"<td>{esc(letter.ref.type_name)}</td>"
            f"<td>{esc(status_label(views, letter))}</td>"
            "</tr>"
        )
    return table(["Reference", "Sent", "Addressee", "Type", "Reply"], rows)


def editorial(note: EditorialNote, title: str = "Editorial note") -> str:
    """An editorial note, marked as editorial (not part of any document)."""
    by = f'<p class="sp-by">— {esc(note.by)}</p>' if note.by else ""
    return (
        '<div class="admonition note sp-editorial">'
        f'<p class="admonition-title">{esc(title)} (editorial, not part of the document)</p>'
        f"<p>{esc(note.text)}</p>{by}</div>"
    )


def editorial_note(note: str | None) -> str:
    """A contributor's short note beside a link, marked editorial; '' for none (so callers need no test)."""
    return f' <span class="sp-editorial-inline">(editorial note: {esc(note)})</span>' if note else ""


def section(title: str) -> str:
    """A fixed section heading (trusted text) in Markdown, so it enters the table of contents."""
    return f"## {title}"


def norm_href(here: str, norm_id: str) -> str:
    """Relative URL of a norm's page."""
    return href(here, urls.norm(norm_id))
