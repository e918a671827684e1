"""Atom feeds: new letters (all, and by mandate, country, addressee and norm), and replies received.

Written with the standard library's ElementTree, so every piece of record text is XML-escaped
by construction; an Atom document is a handful of elements, which a feed library would only
wrap. Entries are newest first by the date a letter became public (a reply: its date); a feed
holds the latest FEED_SIZE. An entry's id is the letter's permanent URL (mkdocs.yml's site_url),
or, when no site_url is set, a tag: URI made from its reference, which never changes either.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .. import urls
from ..link.views import Views
from ..model import Communication, Reply

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 100
"""Entries per feed: the latest, which is what a feed reader asks for."""

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Feed:
    """One feed: where it lives, what it follows, the page it belongs to, its entries' letters or replies."""

    path: str
    title: str
    page: str
    """Site-relative URL of the page that offers it."""
    letters: tuple[Communication, ...] = ()
    replies: tuple[tuple[Reply, Communication], ...] = ()


def archive_feeds(views: Views) -> list[Feed]:
    """Every feed the site offers, each with the letters (or replies) it follows."""
    title = f"{views.archive.title}: new letters"
    feeds = [Feed(urls.feed("communications"), title, urls.COMMUNICATIONS, views.letters)]
    for name, noun in (("mandates", "by"), ("countries", "concerning"), ("addressees", "to")):
        for group in views.dimensions[name].groups:
            feeds.append(Feed(urls.feed(name, group.key), f"New letters {noun} {group.label}",
                              urls.group(name, group.key), group.letters))
    for norm_id in sorted(views.invocations):
        cited = tuple({i.letter.reference: i.letter for i in views.invocations[norm_id]}.values())
        feeds.append(Feed(urls.feed("norms", norm_id.lower()), f"New letters invoking {views.norm_label(norm_id)}",
                          urls.norm(norm_id), cited))
    received = tuple((r, views.by_reference[r.reply_to]) for rs in views.replies.values() for r in rs)
    feeds.append(Feed(urls.feed("replies"), f"{views.archive.title}: replies received", urls.REPLIES, (), received))
    return feeds


def permanent_id(path: str, views: Views) -> str:
    """An entry's or feed's id: its permanent URL, or a tag: URI when the site has no site_url."""
    return urls.absolute(path, views.site_url) if views.site_url else f"tag:sp-archive,2011:{path}"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(feed: Feed, views: Views) -> bytes:
    """The feed as an Atom 1.0 document."""
    entries = [_letter_entry(letter, views) for letter in sorted(feed.letters, key=_public_order)[:FEED_SIZE]]
    entries += [_reply_entry(reply, letter, views)
                for reply, letter in sorted(feed.replies, key=_reply_order)[:FEED_SIZE]]
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", permanent_id(feed.path, views))
    _text(root, "title", feed.title)
    newest = max((day for day, _ in entries), default=views.archive.as_of)
    _text(root, "updated", _stamp(min(newest, views.archive.as_of)))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=urls.absolute(feed.path, views.site_url))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=urls.absolute(feed.page, views.site_url))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", views.archive.title)
    for _, entry in entries:
        root.append(entry)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _public_order(letter: Communication) -> tuple:
    return (-letter.public_on.toordinal(), letter.ref)


def _reply_order(pair: tuple[Reply, Communication]) -> tuple:
    return (-pair[0].date.toordinal(), pair[1].ref)


def _letter_entry(letter: Communication, views: Views) -> tuple[date, ET.Element]:
    page = urls.communication(letter.ref.slug)
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", permanent_id(page, views))
    _text(entry, "title", f"{letter.reference}: {letter.ref.type_name.lower()} to {letter.addressee.name}")
    _text(entry, "published", _stamp(letter.public_on))
    _text(entry, "updated", _stamp(letter.public_on))
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=urls.absolute(page, views.site_url))
    _text(entry, "summary", _summary(letter))
    for mandate in letter.mandates:
        ET.SubElement(entry, f"{{{ATOM}}}category", term=mandate.mandate)
    return letter.public_on, entry


def _summary(letter: Communication) -> str:
    sent = f"Sent {letter.date_sent.isoformat()}, public {letter.public_on.isoformat()}."
    text = f"Editorial summary: {letter.summary.text}" if letter.summary else ""
    return " ".join(f"{sent} {text}".split())


def _reply_entry(reply: Reply, letter: Communication, views: Views) -> tuple[date, ET.Element]:
    page = urls.reply(letter.ref.slug, reply.date)
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", permanent_id(urls.communication(letter.ref.slug) + urls.reply_anchor(reply.date), views))
    _text(entry, "title", f"Reply of {reply.sender.name} to {letter.reference}")
    _text(entry, "published", _stamp(reply.date))
    _text(entry, "updated", _stamp(reply.date))
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=urls.absolute(page, views.site_url))
    _text(entry, "summary", f"Reply dated {reply.date.isoformat()} to the letter of {letter.date_sent.isoformat()}.")
    return reply.date, entry


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def feed_files(views: Views) -> Iterable[tuple[str, bytes]]:
    """(site path, bytes) of every feed."""
    for feed in archive_feeds(views):
        yield feed.path, atom(feed, views)
