"""Shared building blocks of every record: frozen, closed, documented."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, StringConstraints


class Record(BaseModel):
    """Base of every record model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


R = TypeVar("R", bound=BaseModel)


def share_fields_sets(record: R) -> R:
    """Let every model in a validated record share one `model_fields_set` per distinct set of field names.

    Pydantic keeps, on each model instance, the set of the fields the data gave. Records are
    frozen, so the set never changes after validation; yet one set per paragraph, citation,
    question and norm link was a fifth of the linked records' memory (18.8 of 85.9 MB under
    tracemalloc at 1,000 letters). There are only a few hundred distinct sets.
    """
    stack: list[object] = [record]
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            given = item.__pydantic_fields_set__
            shared = _FIELDS_SETS.setdefault(frozenset(given), given)
            if shared is not given:
                object.__setattr__(item, "__pydantic_fields_set__", shared)
            stack.extend(item.__dict__.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return record


_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidirectional embeddings and overrides can make a page show text other than the record's
# ("Trojan Source"); letters in right-to-left scripts need only the marks U+200E/U+200F.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[{_CONTROL}{_BIDI}]")
_IS_BIDI = re.compile(f"[{_BIDI}]")


def _no_control_chars(text: str) -> str:
    found = _FORBIDDEN.search(text)  # one precompiled scan of every string of every record
    if found is None:
        return text
    if _IS_BIDI.match(found.group()):
        raise ValueError(f"contains the bidirectional control U+{ord(found.group()):04X}; remove it")
    raise ValueError(f"contains the control character U+{ord(found.group()):04X}; remove it")


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_no_control_chars)]
"""Free text from a record: never empty, no control characters. Rendered as text, never markup."""

Line = Annotated[
    str, StringConstraints(min_length=1, max_length=500, pattern=r"^[^\n]*$"), AfterValidator(_no_control_chars)
]
"""A single line of text such as a name or title."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
"""A stable lower-case id such as 'forced-labour'."""

NormId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)*$", max_length=60)]
"""A catalogue id of an instrument ('ICCPR', 'ILO-C029') or a provision ('UNGP-22', 'ICCPR-8')."""

MandateId = Slug

Url = HttpUrl
"""An http(s) URL; other schemes (javascript:, data:, file:) are refused."""

Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
"""An ISO 639-1 language code, e.g. 'en', 'fr', 'es'."""


class Source(Record):
    """Where the original document was read."""

    url: Url = Field(description="URL of the original document as published (PDF or page).")
    retrieved: date | None = Field(
        None, description="Date the contributor retrieved the original (YYYY-MM-DD); leave out if not known."
    )
    title: Line | None = Field(None, description="Title of the source as shown by the publisher, if any.")


class Repair(Record):
    """A change made to the published text while transcribing it, for a page-break artefact."""

    where: Line = Field(description="Paragraph id or place where the repair was made.")
    kind: Annotated[
        str,
        StringConstraints(pattern=r"^(running-header|page-number|footnote-split|paragraph-split|hyphenation|other)$"),
    ] = Field(
        description="Kind of artefact: running-header, page-number, footnote-split, paragraph-split, hyphenation or "
                    "other."
    )
    description: Text = Field(description="What the source showed and what the record holds instead.")


class Transcription(Record):
    """How the record was made from the source, so that a reader can check it."""

    transcribed_from: Text = Field(description="The file or document the text was transcribed from.")
    repairs: list[Repair] = Field(
        default_factory=list, description="Every repair of page-break artefacts, one entry each."
    )
    notes: list[Text] = Field(
        default_factory=list, description="Anything else a reader should know about the transcription."
    )


class EditorialNote(Record):
    """Text written by the archive's editors, never part of the document itself."""

    text: Text = Field(description="The editorial text, shown marked as editorial.")
    by: Line | None = Field(None, description="Who wrote it (optional).")
