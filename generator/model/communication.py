"""A communication: one letter from Special Procedures mandate holders, verbatim."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .base import (
    EditorialNote,
    Language,
    Line,
    MandateId,
    NormId,
    Record,
    Slug,
    Source,
    Text,
    Transcription,
)
from .reference import Reference, is_country_code, parse_reference

PUBLICATION_DELAY = timedelta(days=60)


def _reference(text: str) -> str:
    parse_reference(text)
    return text


def _country(code: str) -> str:
    if not is_country_code(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


ReferenceText = Annotated[str, AfterValidator(_reference)]
"""A reference such as 'AL OTH 102/2021': TYPE CODE NUMBER/YEAR."""

CountryCode = Annotated[str, AfterValidator(_country)]
"""An ISO 3166-1 alpha-3 code such as 'CHN'."""

Resolution = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,2}/[1-9][0-9]{0,3}$")]
"""A Human Rights Council resolution number such as '44/15'."""

AddresseeKind = Literal["state", "company", "organisation"]
SectionKind = Literal[
    "opening", "information-received", "allegations", "concerns", "questions", "closing", "annex"
]


class Addressee(Record):
    """Who the letter is addressed to."""

    kind: AddresseeKind = Field(description="state, company or organisation (any other non-State addressee).")
    name: Line = Field(
        description="Name of the State as the UN writes it (e.g. 'Syrian Arab Republic'), or of the company or "
                    "organisation."
    )
    country: CountryCode | None = Field(
        None, description="ISO 3166-1 alpha-3 code: the State itself, or the country a company is based in."
    )
    person: Line | None = Field(
        None, description="The person named in the salutation, as the letter writes the name (e.g. 'Mr. Zhang Ruimin')."
    )

    @model_validator(mode="after")
    def _company_has_country(self) -> Addressee:
        if self.kind in ("state", "company") and self.country is None:
            raise ValueError(f"a {self.kind} addressee needs 'country' (ISO 3166-1 alpha-3)")
        return self


class MandateCitation(Record):
    """A mandate on whose behalf the letter is sent, with the resolution the letter cites for it."""

    mandate: MandateId = Field(description="Id of the mandate in the mandate catalogue (content/mandates/).")
    resolution: Resolution = Field(
        description="The Human Rights Council resolution the letter cites for this mandate, e.g. '44/15'."
    )


class Citation(Record):
    """A norm a paragraph cites, as the letter cites it."""

    norm: NormId = Field(description="Catalogue id of the instrument or provision, e.g. 'UNGP-13' or 'ILO-C029'.")
    pinpoint: Line | None = Field(None, description="A part of the provision, e.g. 'commentary' or 'paragraph 2'.")
    note: Text | None = Field(None, description="An editorial note on the citation (marked as editorial).")


class Paragraph(Record):
    """One paragraph of the letter, verbatim."""

    id: Slug = Field(description="Stable id of the paragraph within the letter, e.g. 'p12'; used as its anchor.")
    text: Text = Field(description="The paragraph's words exactly as in the letter.")
    style: Literal["paragraph", "list-item", "heading"] = Field(
        "paragraph", description="How the letter sets it: an ordinary paragraph, an item of a list, or a heading."
    )
    cites: list[Citation] = Field(
        default_factory=list, description="Norms this paragraph cites (chiefly in the annex)."
    )


class Section(Record):
    """A part of the letter, in letter order."""

    kind: SectionKind = Field(
        description="opening, information-received, allegations, concerns, questions, closing or annex."
    )
    heading: Line | None = Field(None, description="The section's heading as the letter prints it, if it has one.")
    paragraphs: list[Paragraph] = Field(description="The section's paragraphs in order.", min_length=1)


class Question(Record):
    """One numbered question the letter asks."""

    number: int = Field(ge=1, description="The question's number in the letter, from 1.")
    text: Text = Field(description="The question verbatim.")


class Footnote(Record):
    """A footnote, verbatim, anchored where its marker stands."""

    number: int = Field(ge=1, description="The footnote's number in the letter.")
    paragraph: Slug = Field(description="Id of the paragraph (or 'question-N') whose text carries the marker.")
    after: Text = Field(description="The exact words the marker follows in that paragraph, so it can be placed.")
    text: Text = Field(description="The footnote's text verbatim.")


class NormLink(Record):
    """A link from an allegation to a norm it invokes, with its basis."""

    norm: NormId = Field(description="Catalogue id of the provision or instrument, e.g. 'UNGP-13'.")
    basis: Literal["letter", "editorial"] = Field(
        description="'letter': the letter or its annex ties them; 'editorial': a contributor's reading."
    )
    note: Text | None = Field(None, description="Why the link holds; required when the basis is editorial.")

    @model_validator(mode="after")
    def _editorial_has_note(self) -> NormLink:
        if self.basis == "editorial" and not self.note:
            raise ValueError("an editorial link needs a 'note' saying why the norm applies")
        return self


class Allegation(Record):
    """An allegation the letter states, in its own words, and the norms it invokes."""

    id: Slug = Field(description="Stable id within the letter, e.g. 'forced-labour'; used as its anchor.")
    title: Line = Field(description="A short editorial label for the allegation.")
    paragraph: Slug = Field(description="Id of the paragraph the allegation is taken from.")
    text: Text = Field(description="The allegation verbatim: a passage copied exactly from that paragraph.")
    norms: list[NormLink] = Field(default_factory=list, description="Norms the allegation invokes.")


class Signatory(Record):
    """A mandate holder who signed the letter."""

    name: Line = Field(description="Name as signed.")
    title: Text = Field(description="Title as printed under the name.")
    mandate: MandateId = Field(
        description="Id of the mandate the signatory holds; must be one of the letter's mandates."
    )


class CoSigner(Record):
    """A co-signer that is not a UN special procedure: a rapporteur of a regional human rights body, for one."""

    name: Line | None = Field(None, description="Name as signed; leave out when the letter prints none.")
    title: Text = Field(description="The title as the letter prints it, e.g. 'Special Rapporteur for Freedom of "
                                    "Expression of the Inter-American Commission on Human Rights'.")
    body: Line = Field(description="The body whose mandate it is, as printed, e.g. 'Inter-American Commission on "
                                   "Human Rights'.")
    legal_basis: Text | None = Field(None, description="The legal basis the letter cites for it, as printed, e.g. "
                                                       "'article 41 of the American Convention on Human Rights'.")


class OtherAddressee(Record):
    """Someone else the letter says was written to ('letters expressing similar concerns are also sent to…')."""

    kind: AddresseeKind = Field(description="state, company or organisation.")
    name: Line | None = Field(None, description="Name as the letter gives it.")
    country: CountryCode | None = Field(None, description="ISO 3166-1 alpha-3 code of the State, if a State.")
    description: Text | None = Field(
        None, description="The letter's words where it names no one, e.g. 'other companies involved'."
    )

    @model_validator(mode="after")
    def _named_or_described(self) -> OtherAddressee:
        if not self.name and not self.description:
            raise ValueError("give the 'name' of the other addressee, or the letter's 'description' of them")
        return self


class RelatedCommunication(Record):
    """Another communication this one is tied to."""

    reference: ReferenceText = Field(description="Its reference, e.g. 'AL CHN 18/2020'.")
    relation: Literal["batch", "cited"] = Field(
        description="'batch': sent together on the same matter; 'cited': named in the text."
    )
    in_archive: bool = Field(True, description="False when the archive does not (yet) hold it; then it is not linked.")
    note: Text | None = Field(None, description="Editorial note on the relation.")


class Communication(Record):
    """One letter: its identity, its text verbatim, and how it ties to norms and mandates."""

    reference: ReferenceText = Field(description="The reference as printed, e.g. 'AL OTH 102/2021'.")
    date_sent: date = Field(description="The date on the letter (YYYY-MM-DD). Independent of the reference's year.")
    date_public: date | None = Field(
        None, description="When the letter became public; leave out for the usual 60 days after it was sent."
    )
    addressee: Addressee = Field(description="Who the letter is addressed to.")
    letterhead: Text | None = Field(None, description="The line naming the mandates above the reference, verbatim.")
    salutation: Line = Field(description="The salutation verbatim, e.g. 'Dear Mr. Zhang Ruimin,' or 'Excellency,'.")
    mandates: list[MandateCitation] = Field(
        min_length=1, description="The mandates in letter order, each with its resolution."
    )
    language: Language = Field(description="ISO 639-1 code of the letter's language, e.g. 'en'.")
    sections: list[Section] = Field(min_length=1, description="The letter's text in order, paragraph by paragraph.")
    questions: list[Question] = Field(default_factory=list, description="The numbered questions, verbatim, in order.")
    footnotes: list[Footnote] = Field(default_factory=list, description="The footnotes, verbatim, in order.")
    allegations: list[Allegation] = Field(default_factory=list, description="The allegations, each linked to norms.")
    signatories: list[Signatory] = Field(min_length=1, description="Who signed, in letter order.")
    co_signers: list[CoSigner] = Field(
        default_factory=list, description="Co-signers outside the UN special procedures (a regional body's "
                                          "rapporteur), in letter order; they are not among the mandates.")
    other_addressees: list[OtherAddressee] = Field(
        default_factory=list, description="Others the letter says were written to."
    )
    related: list[RelatedCommunication] = Field(
        default_factory=list, description="Letters of the same batch or cited in the text."
    )
    source: Source = Field(description="Where the original was read.")
    transcription: Transcription = Field(description="How the text was transcribed, and every repair made.")
    summary: EditorialNote | None = Field(None, description="An editorial summary, shown marked as editorial.")

    @property
    def ref(self) -> Reference:
        """The parsed reference."""
        return parse_reference(self.reference)

    @property
    def public_on(self) -> date:
        """The date the letter became (or becomes) public."""
        return self.date_public or self.date_sent + PUBLICATION_DELAY

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the letter, in order."""
        return [p for section in self.sections for p in section.paragraphs]
