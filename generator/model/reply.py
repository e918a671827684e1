"""A reply from an addressee to a communication."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import EditorialNote, Language, Line, Record, Source, Transcription, Url
from .communication import AddresseeKind, Paragraph, ReferenceText
from .reference import parse_reference


class Sender(Record):
    """Who sent the reply."""

    kind: AddresseeKind = Field(description="state, company or organisation.")
    name: Line = Field(description="Name of the State, company or organisation that replied.")
    person: Line | None = Field(None, description="The person who signed the reply, as printed.")


class Attachment(Record):
    """A document sent with the reply."""

    title: Line = Field(description="Title of the attachment as given.")
    url: Url | None = Field(None, description="URL of the attachment as published, if any.")


class Reply(Record):
    """A reply, its text verbatim (or an editorial summary when the text is not transcribed)."""

    reply_to: ReferenceText = Field(description="Reference of the communication it answers, e.g. 'AL OTH 102/2021'.")
    date: dt.date = Field(description="The date on the reply (YYYY-MM-DD).")
    sender: Sender = Field(description="Who replied.")
    language: Language = Field(description="ISO 639-1 code of the reply's language.")
    paragraphs: list[Paragraph] = Field(
        default_factory=list, description="The reply's text verbatim, paragraph by paragraph."
    )
    summary: EditorialNote | None = Field(None, description="An editorial summary, shown marked as editorial.")
    attachments: list[Attachment] = Field(default_factory=list, description="Documents sent with the reply.")
    source: Source = Field(description="Where the original reply was read.")
    transcription: Transcription | None = Field(
        None, description="How the text was transcribed, and every repair made."
    )

    @model_validator(mode="after")
    def _has_text_or_summary(self) -> Reply:
        if not self.paragraphs and self.summary is None:
            raise ValueError("a reply needs its text ('paragraphs') or an editorial 'summary'")
        return self

    @property
    def slug(self) -> str:
        """'al-oth-102-2021--2021-05-10': the reference's slug and the reply's date."""
        return f"{parse_reference(self.reply_to).slug}--{self.date.isoformat()}"


