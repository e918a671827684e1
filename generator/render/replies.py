"""Reply pages: replies received, and letters still unanswered after 60 days (as of the archive's date)."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from .. import urls
from ..link.views import Views
from .common import Page, follow, letter_table, list_pages, page, page_title, table
from .text import counted, esc, link, when


def render_received(views: Views) -> Iterator[Page]:
    """replies/ (paged): every reply in the archive, newest first, linked to the letter it answers."""
    received = sorted(
        ((reply, views.by_reference[ref]) for ref, found in views.replies.items() for reply in found),
        key=lambda pair: (-pair[0].date.toordinal(), pair[1].ref),
    )
    unanswered = sum(1 for status in views.status.values() if status == "unanswered")
    for part in list_pages(urls.REPLIES, received):
        title, here = part.title("Replies"), part.here
        intro = Markup(
            f"<p>{counted(len(received), 'reply', 'replies')} in the archive. "
            f"{link(here, urls.UNANSWERED, counted(unanswered, 'letter'))} had no reply in the archive 60 days after "
            "they were sent, "
            f"as of {when(views.archive.as_of)}.</p>"
        )
        rows = [
            Markup(f'<tr><td>{when(reply.date)}</td><td dir="auto">{esc(reply.sender.name)}</td>'
                   f"<td>{link(here, f'{urls.communication(letter.ref.slug)}#reply-{reply.date}', letter.reference)}"
                   f"</td><td>{when(letter.date_sent)}</td></tr>")
            for reply, letter in part.rows
        ]
        listed = (table(["Reply dated", "From", "Answers", "Letter sent"], rows) if rows
                  else Markup("<p><em>None.</em></p>"))
        feed = urls.feed("replies")
        body = [page_title(title), intro, follow(here, feed, "replies received"), listed, part.pager()]
        yield page(here, title, body, feeds=[("Replies received", feed)])


def render_unanswered(views: Views) -> Iterator[Page]:
    """replies/unanswered/ (paged): letters with no reply 60 days after sending, as of the archive's date."""
    letters = [letter for letter in views.letters if views.status[letter.reference] == "unanswered"]
    for part in list_pages(urls.UNANSWERED, letters):
        title, here = part.title("Unanswered letters"), part.here
        intro = Markup(f"<p>{counted(len(letters), 'letter')} with no reply in the archive 60 days after they were "
                       f"sent, as of {when(views.archive.as_of)}.</p>")
        body = [page_title(title), intro, letter_table(here, part.rows, views), part.pager()]
        yield page(here, title, body)
