"""The catalogues records point into: norms (instruments and provisions), mandates, the archive itself."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import Line, MandateId, NormId, Record, Text, Url
from .communication import ReferenceText, Resolution


class ProvisionText(Record):
    """The words of a provision, only ever from a real source."""

    paragraphs: list[Text] = Field(min_length=1, description="The text, verbatim, paragraph by paragraph.")
    source: Text = Field(description="Where the words come from: an official text, or a letter quoting them.")
    quoted_in: ReferenceText | None = Field(
        None, description="Reference of the letter that quotes these words, when a letter is the source."
    )
    partial: bool = Field(False, description="True when only part of the provision is given.")


class Provision(Record):
    """One provision of an instrument: an article, a principle, a paragraph."""

    id: NormId = Field(
        description="Catalogue id: the instrument's id, a hyphen, the number, e.g. 'ICCPR-8', 'UNGP-22'."
    )
    number: Line = Field(description="The number as the instrument writes it, e.g. '8' or '22'.")
    title: Line | None = Field(None, description="The provision's heading, where the instrument gives one.")
    url: Url | None = Field(None, description="URL of the provision's official text, if it has its own.")
    text: ProvisionText | None = Field(None, description="The provision's words, only where a real source gives them.")


InstrumentKind = Literal[
    "treaty", "protocol", "declaration", "ilo-convention", "guiding-principles", "resolution", "report"
]


class Instrument(Record):
    """A treaty, declaration, convention or other text that letters cite."""

    id: NormId = Field(description="Catalogue id, e.g. 'ICCPR', 'UNGP', 'ILO-C029'.")
    title: Text = Field(description="Full official title.")
    short_title: Line = Field(description="Short name used in lists, e.g. 'ICCPR'.")
    kind: InstrumentKind = Field(
        description="treaty, protocol, declaration, ilo-convention, guiding-principles, resolution or report."
    )
    adopted: date = Field(description="Date of adoption (or endorsement, for the Guiding Principles).")
    adopted_by: Text = Field(
        description="The body and act that adopted it, e.g. 'UN General Assembly resolution 2200 A (XXI)'."
    )
    symbol: Line | None = Field(None, description="UN document symbol, e.g. 'A/HRC/17/31'.")
    url: Url = Field(description="URL of the official text.")
    provision_label: Line = Field(
        "Article", description="What its provisions are called: 'Article', 'Guiding Principle', …"
    )
    note: Text | None = Field(None, description="Editorial note on the instrument or its sources.")


class NormCatalogueFile(Record):
    """One file of the norm catalogue: an instrument and its provisions."""

    instrument: Instrument = Field(description="The instrument.")
    provisions: list[Provision] = Field(
        default_factory=list, description="Its provisions that letters cite or may cite."
    )
    # That each provision id extends the instrument id is checked in generator/validate/checks.py,
    # where the error can name the provision's own line.


class MandateResolution(Record):
    """A resolution letters cite for a mandate."""

    resolution: Resolution = Field(description="Human Rights Council resolution number, e.g. '44/15'.")
    note: Text | None = Field(None, description="Editorial note, e.g. what the resolution did for the mandate.")


class Holder(Record):
    """A person the archive's documents show holding the mandate."""

    name: Line = Field(description="Name as the documents print it.")
    title: Text = Field(description="Title as the documents print it.")
    documents: list[ReferenceText] = Field(
        min_length=1, description="References of letters in the archive signed by this holder for this mandate."
    )


class Mandate(Record):
    """A Special Procedures mandate: a Special Rapporteur, Working Group or Independent Expert."""

    id: MandateId = Field(description="Stable id, e.g. 'sr-slavery'; also the file name.")
    title: Text = Field(description="Full title as letters write it, e.g. 'Special Rapporteur on minority issues'.")
    short_name: Line = Field(description="Short name used in lists and filters.")
    kind: Literal["special-rapporteur", "working-group", "independent-expert"] = Field(
        description="special-rapporteur, working-group or independent-expert."
    )
    resolutions: list[MandateResolution] = Field(
        min_length=1, description="The Human Rights Council resolutions letters cite for this mandate."
    )
    holders: list[Holder] = Field(default_factory=list, description="Holders as the archive's documents show them.")


SearchWord = Annotated[str, StringConstraints(pattern=r"^[^\W_]+$", max_length=40)]
"""One word as a reader types it: letters and digits only."""


class Archive(Record):
    """Settings of the archive as a whole (content/archive.yaml)."""

    title: Line = Field(description="Name of the archive, shown on every page.")
    description: Text = Field(description="One paragraph on what the archive is.")
    as_of: date = Field(
        description="Date the content was last checked against its sources; 'unanswered after 60 days' is judged on it."
    )
    spelling_variants: list[Annotated[list[SearchWord], Field(min_length=2)]] = Field(
        default_factory=list,
        description=(
            "Words search treats as one, each group a list of two or more words: spelling variants and synonyms "
            "editors have chosen, e.g. [labour, labor] or [Uyghur, Uighur]. A query for any word of a group finds the "
            "others."
        ),
    )
