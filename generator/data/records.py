"""Every letter and reply as JSON, a year of letters a file: data/records/letters-YYYY.jsonl.gz.

One line per letter sent that year (in the archive's order), gzip-compressed:
{"record": …, "archive": …, "replies": [{"record": …, "archive": …}, …]}. "record"
validates against the published JSON Schema of its kind (data/schema/); "archive" holds
what the archive derives from all its records, as of its as_of date.

The letters' pages already carry their text; these files are the same records as data,
compressed and a year at a time, so that the whole archive stays within a static host's
budget (README, Hosting) while a researcher downloads each year in one file.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import groupby

from .. import urls
from ..link.views import Views, permanent_url
from ..model import Communication, Reply
from ..model.communication import PUBLICATION_DELAY

Kept = Callable[[int, list[Communication], Callable[[], bytes]], bytes]


def letter_entry(letter: Communication, views: Views) -> dict:
    """One line of a year's file: the letter's record, what the archive computes, and its replies."""
    found = views.replies.get(letter.reference, ())
    computed = {
        "url": permanent_url(letter, views),
        "as_of": views.archive.as_of.isoformat(),
        "reply_status": views.status[letter.reference],
        "date_public": letter.public_on.isoformat(),
        "sixty_days_end": (letter.date_sent + PUBLICATION_DELAY).isoformat(),
        "batch": list(views.batch.get(letter.reference, ())),
    }
    return {"record": letter.model_dump(mode="json", exclude_none=True), "archive": computed,
            "replies": [reply_entry(reply, letter, views) for reply in found]}


def reply_entry(reply: Reply, letter: Communication, views: Views) -> dict:
    """A reply as data: its record, and its place on the letter's page and in time."""
    computed = {"url": urls.absolute(urls.reply(letter.ref.slug, reply.date), views.site_url),
                "letter": permanent_url(letter, views), "as_of": views.archive.as_of.isoformat(),
                "days_after_letter": (reply.date - letter.date_sent).days}
    return {"record": reply.model_dump(mode="json", exclude_none=True), "archive": computed}


def year_file(letters: Iterable[Communication], views: Views) -> bytes:
    """A year's file: one JSON line per letter, gzip-compressed with no timestamp (the same records, the same bytes)."""
    lines = "".join(json.dumps(letter_entry(letter, views), ensure_ascii=False, separators=(",", ":")) + "\n"
                    for letter in letters)
    return gzip.compress(lines.encode("utf-8"), compresslevel=6, mtime=0)


def letters_by_year(views: Views) -> list[tuple[int, list[Communication]]]:
    """The archive's letters grouped by the year they were sent, oldest year first, each in the archive's order."""
    # sorted is stable: the archive's order within a year
    ordered = sorted(views.letters, key=lambda letter: letter.date_sent.year)
    by_year = groupby(ordered, key=lambda letter: letter.date_sent.year)
    return [(year, list(letters)) for year, letters in by_year]


def record_files(views: Views, kept: Kept | None = None) -> Iterator[tuple[str, bytes]]:
    """(site path, bytes) of every year's file, oldest year first, each made when it is asked for: one year's
    bytes at a time, never the whole archive's.

    `kept(year, letters, make)`: a year's bytes from a cache when nothing they hold changed, else `make()`.
    """
    for year, letters in letters_by_year(views):
        make = partial(year_file, letters, views)
        yield urls.records(year), kept(year, letters, make) if kept is not None else make()
