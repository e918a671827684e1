"""Each letter and reply as JSON: the validated record as its schema describes it, and what the archive computes.

`…/<ref>/record.json` holds {"record": …, "archive": …}: "record" validates against the
published JSON Schema of its kind (data/schema/), "archive" holds what the archive derives
from all its records, as of its as_of date.
"""

from __future__ import annotations

import json

from ..link import Views
from ..model import Communication, Reply
from ..model.communication import PUBLICATION_DELAY
from ..render import urls
from ..render.citation import permanent_url


def record_path(letter: Communication) -> str:
    """'communications/al-oth-102-2021/record.json', beside the letter's page."""
    return urls.communication(letter.ref.slug) + "record.json"


def reply_path(reply: Reply, letter: Communication) -> str:
    """'communications/al-oth-102-2021/reply-2021-05-10.json'."""
    return urls.communication(letter.ref.slug) + f"{urls.reply_anchor(reply.date)}.json"


def letter_json(letter: Communication, views: Views) -> bytes:
    """A letter's record.json."""
    found = views.replies.get(letter.reference, ())
    computed = {
        "url": permanent_url(letter, views),
        "as_of": views.archive.as_of.isoformat(),
        "reply_status": views.status[letter.reference],
        "date_public": letter.public_on.isoformat(),
        "sixty_days_end": (letter.date_sent + PUBLICATION_DELAY).isoformat(),
        "replies": [reply_path(r, letter).removeprefix(urls.communication(letter.ref.slug)) for r in found],
        "batch": list(views.batch.get(letter.reference, ())),
    }
    return _dumped({"record": letter.model_dump(mode="json", exclude_none=True), "archive": computed})


def reply_json(reply: Reply, letter: Communication, views: Views) -> bytes:
    """A reply's JSON, beside the letter it answers."""
    computed = {"letter": permanent_url(letter, views), "as_of": views.archive.as_of.isoformat(),
                "days_after_letter": (reply.date - letter.date_sent).days}
    return _dumped({"record": reply.model_dump(mode="json", exclude_none=True), "archive": computed})


def _dumped(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def record_files(letter: Communication, views: Views) -> list[tuple[str, bytes]]:
    """(site path, bytes) of a letter's JSON and its replies'."""
    files = [(record_path(letter), letter_json(letter, views))]
    files += [(reply_path(r, letter), reply_json(r, letter, views)) for r in views.replies.get(letter.reference, ())]
    return files
