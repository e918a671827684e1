"""The record models: references, defaults, closed and frozen records, field rules."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from synthetic import MARK, communication, reply

from generator.model import (
    Addressee,
    Communication,
    NormLink,
    OtherAddressee,
    Reference,
    Reply,
    Source,
    parse_reference,
)


def only_error(model: type, data: dict) -> dict:
    """The single pydantic error of validating `data`, as (loc, message)."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    errors = caught.value.errors(include_url=False)
    assert len(errors) == 1, errors
    return {"loc": errors[0]["loc"], "msg": errors[0]["msg"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AL OTH 102/2021", Reference("AL", "OTH", 102, 2021)),
        ("UA CHN 3/2019", Reference("UA", "CHN", 3, 2019)),
        ("OL USA 12/2020", Reference("OL", "USA", 12, 2020)),
        ("JAL BRA 7/2010", Reference("JAL", "BRA", 7, 2010)),
        ("JUA IND 45/2009", Reference("JUA", "IND", 45, 2009)),
        ("JOL OTH 1/2011", Reference("JOL", "OTH", 1, 2011)),
    ],
)
def test_reference_parses_current_and_historic_types(text: str, expected: Reference) -> None:
    assert parse_reference(text) == expected
    assert str(parse_reference(text)) == text


def test_reference_slug_and_type_name_come_from_its_parts() -> None:
    reference = parse_reference("JUA IND 45/2009")
    assert reference.slug == "jua-ind-45-2009"
    assert reference.type_name == "Joint urgent appeal"


def test_reference_with_unknown_type_names_the_known_types() -> None:
    with pytest.raises(ValueError) as caught:
        parse_reference("XL CHN 1/2021")
    assert str(caught.value) == "unknown communication type 'XL' (known: AL, UA, OL, JAL, JUA, JOL)"


def test_reference_with_unknown_country_code_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        parse_reference("AL XYZ 1/2021")
    assert str(caught.value) == "'XYZ' is not an ISO 3166-1 alpha-3 country code (or OTH for non-State addressees)"


@pytest.mark.parametrize(
    "text", ["AL chn 1/2021", "AL CHN 01/2021", "AL CHN 1/21", "AL  CHN 1/2021", "AL-CHN-1-2021", "AL CN 1/2021"]
)
def test_malformed_reference_says_what_was_expected(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_reference(text)
    assert str(caught.value) == f"{text!r} is not a reference; expected TYPE CODE NUMBER/YEAR such as 'AL OTH 102/2021'"


def test_numbering_year_is_never_derived_from_the_date_sent() -> None:
    letter = Communication.model_validate(
        communication(
            "AL CHN 18/2020", date(2021, 3, 12), addressee={"kind": "state", "name": "China", "country": "CHN"}
        )
    )
    assert letter.ref == Reference("AL", "CHN", 18, 2020)
    assert letter.date_sent == date(2021, 3, 12)


def test_date_public_defaults_to_sixty_days_after_sending() -> None:
    letter = Communication.model_validate(communication(sent=date(2021, 3, 12)))
    assert letter.date_public is None
    assert letter.public_on == date(2021, 5, 11)


def test_date_public_given_is_kept() -> None:
    letter = Communication.model_validate(communication(sent=date(2021, 3, 12), date_public=date(2021, 4, 1)))
    assert letter.public_on == date(2021, 4, 1)


def test_editorial_norm_link_needs_a_note() -> None:
    error = only_error(NormLink, {"norm": "UNGP-13", "basis": "editorial"})
    assert error == {"loc": (), "msg": "Value error, an editorial link needs a 'note' saying why the norm applies"}


def test_letter_norm_link_needs_no_note() -> None:
    assert NormLink(norm="UNGP-13", basis="letter").note is None


def test_records_are_frozen() -> None:
    letter = Communication.model_validate(communication())
    with pytest.raises(ValidationError) as caught:
        letter.reference = "AL OTH 2/2021"  # type: ignore[misc]
    assert caught.value.errors()[0]["type"] == "frozen_instance"
    with pytest.raises(ValidationError):
        letter.addressee.name = "Someone else"  # type: ignore[misc]


def test_unknown_field_is_refused() -> None:
    error = only_error(Communication, communication(refrence="AL OTH 1/2021"))
    assert error == {"loc": ("refrence",), "msg": "Extra inputs are not permitted"}


def test_unknown_field_in_a_nested_record_is_refused() -> None:
    record = communication()
    record["allegations"][0]["norms"][0]["weight"] = 3
    error = only_error(Communication, record)
    assert error["loc"] == ("allegations", 0, "norms", 0, "weight")


def test_company_addressee_needs_a_country() -> None:
    error = only_error(Addressee, {"kind": "company", "name": "SYNTHETIC Ltd"})
    assert error["msg"] == "Value error, a company addressee needs 'country' (ISO 3166-1 alpha-3)"


def test_organisation_addressee_needs_no_country() -> None:
    assert Addressee(kind="organisation", name="SYNTHETIC Organisation").country is None


@pytest.mark.parametrize("code", ["XYZ", "chn", "CN", "Chn"])
def test_country_must_be_an_iso_alpha_3_code_in_capitals(code: str) -> None:
    error = only_error(Addressee, {"kind": "state", "name": "SYNTHETIC", "country": code})
    assert error == {"loc": ("country",), "msg": f"Value error, {code!r} is not an ISO 3166-1 alpha-3 country code"}


def test_other_addressee_is_named_or_described() -> None:
    error = only_error(OtherAddressee, {"kind": "company"})
    assert error["msg"] == "Value error, give the 'name' of the other addressee, or the letter's 'description' of them"


def test_reply_needs_its_text_or_a_summary() -> None:
    record = reply()
    del record["summary"]
    error = only_error(Reply, record)
    assert error["msg"] == "Value error, a reply needs its text ('paragraphs') or an editorial 'summary'"


def test_reply_slug_joins_the_reference_and_the_date() -> None:
    assert Reply.model_validate(reply("AL OTH 1/2021", date(2021, 5, 1))).slug == "al-oth-1-2021--2021-05-01"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>", "file:///etc/passwd"])
def test_source_url_must_be_http(url: str) -> None:
    error = only_error(Source, {"url": url, "retrieved": date(2021, 1, 1)})
    assert error == {"loc": ("url",), "msg": "URL scheme should be 'http' or 'https'"}


@pytest.mark.parametrize(("char", "code"), [("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x9b", "U+009B")])
def test_text_with_a_control_character_is_refused(char: str, code: str) -> None:
    record = communication()
    record["sections"][0]["paragraphs"][0]["text"] = f"Synthetic{char}text"
    error = only_error(Communication, record)
    assert error == {
        "loc": ("sections", 0, "paragraphs", 0, "text"),
        "msg": f"Value error, contains the control character {code}; remove it",
    }


def test_single_line_field_refuses_a_line_break() -> None:
    error = only_error(Communication, communication(salutation="Dear\nSir,"))
    assert error["loc"] == ("salutation",)
    assert error["msg"].startswith("String should match pattern")


def test_single_line_field_is_at_most_500_characters() -> None:
    assert Communication.model_validate(communication(salutation="x" * 500)).salutation == "x" * 500
    error = only_error(Communication, communication(salutation="x" * 501))
    assert error == {"loc": ("salutation",), "msg": "String should have at most 500 characters"}


def test_empty_text_is_refused() -> None:
    error = only_error(Communication, communication(summary={"text": ""}))
    assert error == {"loc": ("summary", "text"), "msg": "String should have at least 1 character"}


def test_synthetic_records_say_they_are_synthetic() -> None:
    assert "SYNTHETIC" in MARK
    assert Communication.model_validate(communication()).summary.text == MARK


def test_bidirectional_override_in_a_name_is_refused() -> None:
    from generator.model import Signatory

    with pytest.raises(ValidationError, match="bidirectional control U\\+202E"):
        Signatory(name="Evil\u202egnp.exe", title="SYNTHETIC", mandate="sr-testing")


def test_validated_records_share_one_fields_set_per_distinct_set_and_each_still_names_its_own_fields():
    from generator.model.base import share_fields_sets
    from generator.model.communication import Communication

    first = share_fields_sets(Communication.model_validate(communication("AL OTH 1/2021")))
    second = share_fields_sets(Communication.model_validate(communication("AL OTH 2/2021", related=[
        {"reference": "AL OTH 1/2021", "relation": "batch"}])))

    assert first.sections[0].paragraphs[0].model_fields_set is second.sections[0].paragraphs[0].model_fields_set
    assert first.model_fields_set is not second.model_fields_set  # the second letter also gives `related`
    assert second.model_fields_set - first.model_fields_set == {"related"}
    assert first.model_fields_set == set(communication("AL OTH 1/2021"))
