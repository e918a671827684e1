"""The archive's content as every stage after loading sees it: typed records, each with its lines.

`validate` fills a `Content`; `checks`, `link` and everything after read it. It lives here,
apart from the stages, so that they import it and not one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from ..load.reader import Document
from ..model import Archive, Communication, Mandate, NormCatalogueFile, Reply

R = TypeVar("R")


@dataclass(frozen=True)
class Placed(Generic[R]):
    """A record with the document it came from, so later checks can name its lines."""

    record: R
    document: Document


@dataclass
class Content:
    """Everything in content/, validated: the input of every later stage."""

    root: Path
    settings: Archive | None = None
    settings_document: Document | None = None
    communications: list[Placed[Communication]] = field(default_factory=list)
    replies: list[Placed[Reply]] = field(default_factory=list)
    norms: list[Placed[NormCatalogueFile]] = field(default_factory=list)
    mandates: list[Placed[Mandate]] = field(default_factory=list)
