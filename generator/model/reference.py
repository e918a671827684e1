"""Communication references such as 'AL OTH 102/2021'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import pycountry

from .countries import un_name

TYPES = {
    "AL": "Allegation letter",
    "UA": "Urgent appeal",
    "OL": "Other letter",
    "JAL": "Joint allegation letter",
    "JUA": "Joint urgent appeal",
    "JOL": "Joint other letter",
}
NON_STATE = "OTH"
PATTERN = re.compile(r"^(?P<type>[A-Z]{2,3}) (?P<code>[A-Z]{3}) (?P<number>[1-9][0-9]{0,4})/(?P<year>[12][0-9]{3})$")


@dataclass(frozen=True, order=True)
class Reference:
    """A parsed reference. The year is the numbering year, never the date sent."""

    type: str
    addressee_code: str
    number: int
    year: int

    def __str__(self) -> str:
        return f"{self.type} {self.addressee_code} {self.number}/{self.year}"

    @property
    def slug(self) -> str:
        """'AL OTH 102/2021' -> 'al-oth-102-2021', used in file names and URLs."""
        return f"{self.type}-{self.addressee_code}-{self.number}-{self.year}".lower()

    @property
    def record_path(self) -> str:
        """Where its record lives under content/: 'communications/2021/al-oth-102-2021.yaml' (the numbering year)."""
        return f"communications/{self.year}/{self.slug}.yaml"

    def reply_path(self, on: date) -> str:
        """Where a reply to it dated `on` lives under content/: 'replies/2021/al-oth-102-2021--2021-05-10.yaml'."""
        return f"replies/{on.year}/{self.slug}--{on.isoformat()}.yaml"

    @property
    def type_name(self) -> str:
        return TYPES[self.type]


@cache
def country_name(code: str) -> str | None:
    """The name the UN gives the country with this ISO 3166-1 alpha-3 code, in English ('Syrian Arab Republic');
    its ISO 3166-1 name where the UN's list has none (TWN); None when the code is not one."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None or not code.isascii() or not code.isupper():
        return None
    return un_name(code) or country.name


@cache
def parse_reference(text: str) -> Reference:
    """Parse 'AL OTH 102/2021'; raise ValueError saying what was expected.

    Kept per text (a Reference is frozen): the pages, lists and sorts ask a letter's `ref` 1.7 million times at
    20,000 letters, 6 s of a rebuild when each was parsed again.
    """
    match = PATTERN.match(text)
    if not match:
        raise ValueError(
            f"{text!r} is not a reference; expected TYPE CODE NUMBER/YEAR such as 'AL OTH 102/2021'"
        )
    kind, code = match["type"], match["code"]
    if kind not in TYPES:
        raise ValueError(f"unknown communication type {kind!r} (known: {', '.join(TYPES)})")
    if code != NON_STATE and country_name(code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code (or OTH for non-State addressees)")
    return Reference(kind, code, int(match["number"]), int(match["year"]))


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code, in capitals as ISO writes it."""
    # pycountry's look-up ignores case; 'chn' is not how a record may write 'CHN'.
    return code.isascii() and code.isupper() and country_name(code) is not None


REFERENCE_IN_TEXT = re.compile(
    rf"\b(?:{'|'.join(sorted(TYPES, key=len, reverse=True))}) [A-Z]{{3}} [1-9][0-9]{{0,4}}/[12][0-9]{{3}}\b"
)
"""A reference written in a letter's text, of any type in the model's TYPES (longest first: JAL before AL)."""
