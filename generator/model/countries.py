"""Country names as the United Nations writes them, in English, French and Spanish (countries.yaml beside this file).

ISO 3166-1 alpha-3 codes stay the keys of records, URLs and data files; these names are what
pages, tables and search filters show, and what the importer recognises in a letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import pycountry
from pydantic import AfterValidator, Field, ValidationError

from ..errors import CountryListInvalid, RecordError, display_path, field_path
from ..load.reader import read_document
from .base import Line, Record, Text, Url

COUNTRY_LIST = Path(__file__).with_name("countries.yaml")
LANGUAGES = ("en", "fr", "es")


def _iso_code(code: str) -> str:
    if not (code.isascii() and code.isupper() and pycountry.countries.get(alpha_3=code) is not None):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
    return code


IsoCode = Annotated[str, AfterValidator(_iso_code)]


class UnNames(Record):
    """One country's or area's name in three of the UN's official languages."""

    en: Line = Field(description="The English short name, e.g. 'Syrian Arab Republic'.")
    fr: Line = Field(description="The French short name, e.g. 'République arabe syrienne'.")
    es: Line = Field(description="The Spanish short name, e.g. 'República Árabe Siria'.")


class CountryListSource(Record):
    """Where the names come from."""

    title: Line = Field(description="The standard or list the names are taken from.")
    publisher: Line = Field(description="Who publishes it.")
    url: Url = Field(description="Where it is published.")
    via: Text | None = Field(None, description="The copy the file was made from, when not the publisher's own.")


class CountryList(Record):
    """The UN's names of countries and areas, keyed by ISO 3166-1 alpha-3 code."""

    source: CountryListSource = Field(description="Provenance of the names.")
    countries: dict[IsoCode, UnNames] = Field(min_length=1, description="Each code's names.")


def read_country_list(path: Path = COUNTRY_LIST) -> CountryList:
    """Read and validate the list; CountryListInvalid names every problem by file, line and field."""
    document, errors = read_document(path)
    if document is None:
        raise CountryListInvalid("\n".join(str(e) for e in errors))
    try:
        return CountryList.model_validate(document.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(part for part in err["loc"] if isinstance(part, (str, int)) and part != "[key]")
            problems.append(RecordError(display_path(path), document.line_of(loc), field_path(loc),
                                        err["msg"].removeprefix("Value error, ")))
        raise CountryListInvalid("\n".join(str(p) for p in sorted(problems))) from None


@lru_cache(maxsize=1)
def country_list() -> CountryList:
    """The list shipped with the generator, read once."""
    return read_country_list()


def un_name(code: str, language: str = "en") -> str | None:
    """The UN's name of the country with this code in `language` (en, fr or es); None when the list lacks it."""
    names = country_list().countries.get(code)
    return None if names is None else getattr(names, language)


def comparable(name: str) -> str:
    """A name to compare: unaccented, lower case, one kind of apostrophe, single spaces."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).replace("’", "'").lower()
    return " ".join(plain.split())


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    return {comparable(getattr(names, language)): code
            for code, names in country_list().countries.items() for language in LANGUAGES}


def code_of_un_name(name: str) -> str | None:
    """The code of a country the text names as the UN does, in English, French or Spanish; None otherwise."""
    text = comparable(name).removeprefix("the ")
    return _codes_by_name().get(text)
