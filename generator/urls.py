"""Permanent URLs, derived from each record's identity (site-relative, directory style)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

PAGE_SIZE = 100

HOME = ""
COMMUNICATIONS = "communications/"
NORMS = "norms/"
REPLIES = "replies/"
UNANSWERED = "replies/unanswered/"


def communication(slug: str) -> str:
    """'communications/al-oth-102-2021/'."""
    return f"communications/{slug}/"


def reply_anchor(on: date) -> str:
    """The id of a reply on its letter's page: 'reply-2021-05-10' (its paragraphs' ids add '-p2')."""
    return f"reply-{on.isoformat()}"


def reply(slug: str, on: date) -> str:
    """'communications/al-oth-102-2021/#reply-2021-05-10': a reply, on its letter's page."""
    return f"{communication(slug)}#{reply_anchor(on)}"


RECORDS = "data/records/"


def records(year: int) -> str:
    """'data/records/letters-2021.jsonl.gz': every letter sent in `year`, with its replies, as data."""
    return f"{RECORDS}letters-{year}.jsonl.gz"


def norm(norm_id: str) -> str:
    """'norms/ungp-13/' for a provision, 'norms/ungp/' for an instrument: one namespace of catalogue ids."""
    return f"norms/{norm_id.lower()}/"


def dimension(name: str) -> str:
    """Index of a browse dimension, e.g. 'mandates/'."""
    return f"{name}/"


def group(name: str, key: str) -> str:
    """One value of a browse dimension, e.g. 'countries/chn/'."""
    return f"{name}/{key}/"


def paged(url: str, number: int) -> str:
    """Page `number` (from 1) of a paged list at `url`."""
    return url if number == 1 else f"{url}page/{number}/"


DATA = "data/"
SEARCH = "search/"


def search(**filters: str) -> str:
    """The search page with facets ticked: 'search/?instrument=ICCPR&document=Letter' (names from FACETS)."""
    return f"{SEARCH}?{urlencode(filters)}" if filters else SEARCH


STATISTICS = "statistics/"


def feed(kind: str, key: str = "") -> str:
    """An Atom feed: 'feeds/communications.xml', 'feeds/countries/chn.xml', …"""
    return f"feeds/{kind}.xml" if not key else f"feeds/{kind}/{key}.xml"


def chart(heading: str) -> str:
    """The chart of one table of the statistics page: 'By year sent' -> 'statistics/by-year-sent.svg'."""
    return f"{STATISTICS}{re.sub(r'[^a-z0-9]+', '-', heading.lower()).strip('-')}.svg"


def absolute(path: str, site_url: str) -> str:
    """A site path as readers outside the site reach it: under mkdocs.yml's site_url, or from '/' when none is set."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def src_uri(url: str) -> str:
    """The generated Markdown file whose page has this URL."""
    return f"{url}index.md"


def page_count(rows: int, size: int = PAGE_SIZE) -> int:
    """How many pages a list of `rows` needs (at least one)."""
    return max(1, -(-rows // size))
