"""Country names as the UN writes them: the list, its checks, and every place a name is shown or read.

The archives here are SYNTHETIC (tests/synthetic.py); only the country names are real, from the UN's list.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pycountry
import pytest
from conftest import REPO, in_working_folder, problems
from synthetic import communication, write_archive

from generator.data import archive_files
from generator.errors import CountryListInvalid
from generator.importer import draft_letter
from generator.importer.resolve import country_code
from generator.link.rates import archive_rates
from generator.link.views import link_content
from generator.model.countries import country_list, read_country_list, un_name
from generator.model.reference import country_name
from generator.render.makers import all_pages
from generator.validate.records import load_content

in_tmp = pytest.fixture(autouse=True)(in_working_folder)

AL = REPO / "tests/fixtures/letters/al-company-singular.txt"
"""A SYNTHETIC letter to a company that says it was also sent to one State (Japan)."""

UN_NAMES = {
    "SYR": "Syrian Arab Republic", "IRN": "Iran (Islamic Republic of)", "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea", "VNM": "Viet Nam", "BOL": "Bolivia (Plurinational State of)",
    "TZA": "United Republic of Tanzania", "LAO": "Lao People's Democratic Republic", "PSE": "State of Palestine",
    "COD": "Democratic Republic of the Congo", "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "USA": "United States of America",
}
"""The names issue 22 found shown as pycountry's common names ('Syria', 'South Korea', 'Palestine, State of', …)."""


@pytest.mark.parametrize("code", sorted(UN_NAMES))
def test_a_country_is_named_as_the_un_writes_it(code: str) -> None:
    assert country_name(code) == UN_NAMES[code]


def test_french_and_spanish_names_are_the_uns_too() -> None:
    assert (un_name("SYR", "fr"), un_name("SYR", "es")) == ("République arabe syrienne", "República Árabe Siria")
    assert (un_name("BOL", "fr"), un_name("BOL", "es")) == ("Bolivie (État plurinational de)",
                                                            "Bolivia (Estado Plurinacional de)")


def test_a_code_the_uns_list_lacks_keeps_its_iso_name_and_a_non_code_has_none() -> None:
    assert country_name("TWN") == "Taiwan, Province of China"
    assert country_name("XYZ") is None and country_name("chn") is None


def test_the_list_names_its_source_and_covers_every_iso_code_but_one() -> None:
    names = read_country_list()
    assert names.source.publisher == "United Nations Statistics Division"
    assert "M49" in names.source.title
    assert {c.alpha_3 for c in pycountry.countries} - set(names.countries) == {"TWN"}


def test_a_broken_list_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "countries.yaml"
    broken.write_text(
        "source:\n  title: T\n  publisher: P\n  url: https://example.org/\n"
        "countries:\n  SYR:\n    en: Syrian Arab Republic\n    fr: République arabe syrienne\n"
        "  XYZ:\n    en: Nowhere\n    fr: Nulle part\n    es: Ninguna parte\n", encoding="utf-8")
    with pytest.raises(CountryListInvalid) as raised:
        read_country_list(broken)
    assert str(raised.value).splitlines() == [
        "countries.yaml:6: countries.SYR.es: Field required",
        "countries.yaml:9: countries.XYZ: 'XYZ' is not an ISO 3166-1 alpha-3 code",
    ]


@pytest.mark.parametrize("printed, code", [
    ("Syrian Arab Republic", "SYR"), ("the Republic of Korea", "KOR"), ("République arabe syrienne", "SYR"),
    ("República Árabe Siria", "SYR"), ("Viet Nam", "VNM"), ("République-Unie de Tanzanie", "TZA"),
    ("Estado de Palestina", "PSE"), ("Côte d'Ivoire", "CIV"), ("Korea, Republic of", "KOR"),
])
def test_the_importer_reads_a_state_named_as_the_un_writes_it_in_three_languages(printed: str, code: str) -> None:
    assert country_code(printed) == code


def test_other_addressees_whose_un_names_hold_a_comma_or_an_and_are_each_one_state(tmp_path: Path) -> None:
    letter = tmp_path / "al-company-singular.txt"
    letter.write_text(AL.read_text(encoding="utf-8").replace(
        "has also been sent to the\nGovernment of Japan.",
        "has also been sent to the\nGovernments of China, Hong Kong Special Administrative Region, Viet Nam and the "
        "United Kingdom of Great\nBritain and Northern Ireland."), encoding="utf-8")
    draft = draft_letter(letter, REPO / "content").record
    states = draft.record["other_addressees"]
    assert [s["country"] for s in states] == ["HKG", "VNM", "GBR"]
    assert states[2]["name"] == "the United Kingdom of Great Britain and Northern Ireland"
    assert [note for note in draft.notes if note.startswith("Other addressee")] == []


def test_a_state_addressee_named_otherwise_than_by_the_un_is_warned_about() -> None:
    letter = communication("AL SYR 1/2021", addressee={"kind": "state", "name": "Syria", "country": "SYR"},
                           salutation="Excellency,")
    file = "content/communications/2021/al-syr-1-2021.yaml"
    found = problems(communications=[letter])
    line = Path(file).read_text(encoding="utf-8").splitlines().index("  name: Syria") + 1
    assert found == [
        f"{file}:{line}: warning: addressee.name: 'Syria' is not the name the UN gives SYR; expected "
        "'Syrian Arab Republic', as pages and tables show it"
    ]


def test_pages_tables_and_rates_show_the_uns_name() -> None:
    letters = [
        communication("AL SYR 1/2021", date(2021, 3, 12), salutation="Excellency,",
                      addressee={"kind": "state", "name": "Syrian Arab Republic", "country": "SYR"}),
        communication("AL OTH 2/2021", date(2021, 3, 13),
                      addressee={"kind": "company", "name": "SYNTHETIC Korea Ltd", "country": "KOR"}),
    ]
    content, errors = load_content(write_archive(Path("content"), communications=letters))
    assert errors == []
    views = link_content(content)
    downloads = archive_files(views)
    pages = {page.url: page.markdown for page in all_pages(views, downloads=downloads)}
    assert "Syrian Arab Republic" in pages["countries/syr/"] and "Republic of Korea" in pages["countries/kor/"]
    assert "Republic of Korea" in pages["communications/al-oth-2-2021/"]
    assert "South Korea" not in "".join(pages.values()) and "Syria," not in "".join(pages.values())
    rows = list(csv.DictReader(io.StringIO(downloads["data/communications.csv"].decode("utf-8"))))
    assert sorted(r["country_name"] for r in rows) == ["Republic of Korea", "Syrian Arab Republic"]
    by_country = [r.label for r in archive_rates(views)["By country"]]
    assert sorted(by_country) == ["Republic of Korea", "Syrian Arab Republic"]


def test_the_list_is_read_once() -> None:
    assert country_list() is country_list()
