"""Co-signers outside the UN special procedures: on the letter's page, in the data downloads, not among the mandates.

The archive here is SYNTHETIC (tests/synthetic.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import in_working_folder
from synthetic import communication, write_archive

from generator.data import archive_files
from generator.link.rates import archive_rates
from generator.link.views import link_content
from generator.render.makers import all_pages
from generator.validate.records import load_content

in_tmp = pytest.fixture(autouse=True)(in_working_folder)

CO_SIGNER = {
    "name": "SYNTHETIC Regional Rapporteur",
    "title": "Special Rapporteur for the Freedom of Expression of the Inter-American Commission of Human Rights",
    "body": "Inter-American Commission of Human Rights",
    "legal_basis": "article 41 of the American Convention on Human Rights",
}


@pytest.fixture()
def archive() -> tuple[dict[str, str], dict[str, bytes], dict[str, list]]:
    letter = communication("AL OTH 1/2021", co_signers=[CO_SIGNER])
    content, errors = load_content(write_archive(Path("content"), communications=[letter]))
    assert errors == []
    views = link_content(content)
    files = archive_files(views)
    pages = {page.url: page.markdown for page in all_pages(views, downloads=files)}
    return pages, files, archive_rates(views)


def test_the_letter_page_shows_the_co_signer_with_its_body_and_legal_basis(archive) -> None:
    page = archive[0]["communications/al-oth-1-2021/"]
    signatures = page[page.index('<div class="sp-signatures">'):]
    signatures = signatures[:signatures.index("</div>")]
    assert signatures.index("SYNTHETIC Signatory") < signatures.index("SYNTHETIC Regional Rapporteur")
    assert ("Not a UN special procedure: Inter-American Commission of Human Rights, under article 41 of the American "
            "Convention on Human Rights") in signatures


def test_the_co_signer_is_in_its_own_table_and_the_data_package(archive) -> None:
    files = archive[1]
    rows = list(csv.DictReader(io.StringIO(files["data/co_signers.csv"].decode("utf-8"))))
    assert rows == [{"reference": "AL OTH 1/2021", "position": "1", **CO_SIGNER}]
    package = json.loads(files["data/datapackage.json"])
    assert "co_signers" in [resource["name"] for resource in package["resources"]]


def test_the_co_signer_is_not_counted_as_a_mandate(archive) -> None:
    files, rates = archive[1], archive[2]
    mandates = list(csv.DictReader(io.StringIO(files["data/communication_mandates.csv"].decode("utf-8"))))
    assert [row["mandate"] for row in mandates] == ["sr-testing"]
    assert [rate.label for rate in rates["By mandate"]] == ["SYNTHETIC sr-testing"]
    signatories = list(csv.DictReader(io.StringIO(files["data/signatories.csv"].decode("utf-8"))))
    assert [row["name"] for row in signatories] == ["SYNTHETIC Signatory"]


def test_a_co_signer_needs_a_title_and_a_body() -> None:
    from conftest import problems

    found = problems(communications=[communication("AL OTH 1/2021", co_signers=[{"name": "SYNTHETIC Someone"}])])
    assert [line.split(": ", 1)[1] for line in found] == ["co_signers[0].body: missing required field",
                                                         "co_signers[0].title: missing required field"]
