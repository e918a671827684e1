"""The one registry of record kinds: name, folder under content/, model, and where a record lives.

Loading (which model reads a folder), the JSON Schemas, FIELDS.md and the contributor's
tools all take the kinds from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import Archive, Communication, Mandate, NormCatalogueFile, Reply


@dataclass(frozen=True)
class RecordKind:
    """One kind of record."""

    name: str
    """Its name in schema files and commands: 'communication'."""
    folder: str | None
    """Its folder under content/ ('communications'), also the field of `Content` holding it; None for the settings
    file."""
    model: type[BaseModel]
    location: str
    """Where a record of the kind lives, as contributors read it."""


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("communication", "communications", Communication, "content/communications/YEAR/REF.yaml"),
    RecordKind("reply", "replies", Reply, "content/replies/YEAR/REF--YYYY-MM-DD.yaml"),
    RecordKind("norm", "norms", NormCatalogueFile, "content/norms/ID.yaml"),
    RecordKind("mandate", "mandates", Mandate, "content/mandates/ID.yaml"),
    RecordKind("archive", None, Archive, "content/archive.yaml"),
)
BY_NAME = {kind.name: kind for kind in RECORD_KINDS}
BY_FOLDER = {kind.folder: kind for kind in RECORD_KINDS if kind.folder}
