"""The record models: one pydantic class per kind of YAML file in content/."""

from .base import EditorialNote, Record, Repair, Source, Transcription
from .catalogue import Archive, Holder, Instrument, Mandate, NormCatalogueFile, Provision, ProvisionText
from .communication import (
    Addressee,
    Allegation,
    Citation,
    Communication,
    CoSigner,
    Footnote,
    MandateCitation,
    NormLink,
    OtherAddressee,
    Paragraph,
    Question,
    RelatedCommunication,
    Section,
    Signatory,
)
from .reference import Reference, parse_reference
from .reply import Attachment, Reply, Sender

__all__ = [
    "Addressee", "Allegation", "Archive", "Attachment", "Citation", "CoSigner", "Communication", "EditorialNote",
    "Footnote", "Holder", "Instrument", "Mandate", "MandateCitation", "NormCatalogueFile", "NormLink",
    "OtherAddressee", "Paragraph", "Provision", "ProvisionText", "Question", "Record", "Reference",
    "RelatedCommunication", "Repair", "Reply", "Section", "Sender", "Signatory", "Source", "Transcription",
    "parse_reference",
]
