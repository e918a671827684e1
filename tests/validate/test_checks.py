"""Cross-record checks (generator/validate/checks.py): every rule, each error on the line of the field at fault."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import in_working_folder, problems
from synthetic import (
    communication,
    dump,
    line_of,
    mandate,
    norm_file,
    record_path,
    reply,
    variant,
    write_archive,
)

from generator.validate.records import load_content

LETTER = "content/communications/2021/al-oth-1-2021.yaml"
LETTER_PATH = Path(LETTER)
MANDATE = "content/mandates/sr-testing.yaml"
REPLY = "content/replies/2021/al-oth-1-2021--2021-05-01.yaml"
STATE_LETTER = {"kind": "state", "name": "SYNTHETIC State", "country": "CHN"}


in_tmp = pytest.fixture(autouse=True)(in_working_folder)


def at(file: str | Path, needle: str, start: int = 1) -> str:
    """'file:line' of the first line containing `needle`."""
    return f"{file}:{line_of(Path(file), needle, start)}"


def second(file: str | Path, needle: str) -> int:
    """The line of the second line containing `needle`."""
    return line_of(Path(file), needle, line_of(Path(file), needle) + 1)


# File names


def test_communication_in_the_wrong_file_names_the_expected_path() -> None:
    root = write_archive(Path("content"), communications=[])
    dump(communication(), root / "communications/2020/letter.yaml")
    _, errors = load_content(root)
    file = "content/communications/2020/letter.yaml"
    assert [str(e) for e in errors] == [
        (
            f"{at(file, 'reference:')}: reference: file should be content/communications/2021/al-oth-1-2021.yaml"
            " (the path follows the record's identity)"
        )
    ]


def test_communication_in_a_nested_copy_of_its_folder_is_in_the_wrong_file() -> None:
    root = write_archive(Path("content"), communications=[])
    # The path's tail is right; the whole path under content/ is not.
    dump(communication(), root / "communications/communications/2021/al-oth-1-2021.yaml")
    _, errors = load_content(root)
    file = "content/communications/communications/2021/al-oth-1-2021.yaml"
    assert [str(e) for e in errors] == [
        f"{at(file, 'reference:')}: reference: file should be content/communications/2021/al-oth-1-2021.yaml"
        " (the path follows the record's identity)"
    ]


def test_reply_mandate_and_norm_in_wrong_files_are_each_named() -> None:
    root = write_archive(Path("content"), norms=[], mandates=[])
    dump(reply(), root / "replies/2021/reply.yaml")
    dump(mandate(), root / "mandates/testing.yaml")
    dump(norm_file(), root / "norms/test-instrument.yaml")
    _, errors = load_content(root)
    assert [str(e) for e in errors] == [
        (
            f"{at('content/mandates/testing.yaml', 'id: sr-testing')}: id: file should be "
            "content/mandates/sr-testing.yaml (the path follows the record's identity)"
        ),
        (
            f"{at('content/norms/test-instrument.yaml', 'id: TESTI')}: instrument.id: file should be "
            "content/norms/testi.yaml (the path follows the record's identity)"
        ),
        (
            f"{at('content/replies/2021/reply.yaml', 'reply_to:')}: reply_to: file should be"
            " content/replies/2021/al-oth-1-2021--2021-05-01.yaml (the path follows the record's identity)"
        ),
    ]


# Unique ids


def test_duplicate_reference_in_two_files_names_both() -> None:
    root = write_archive(Path("content"))
    dump(communication(), root / "communications/2021/copy.yaml")
    _, errors = load_content(root)
    copy = "content/communications/2021/copy.yaml"
    assert [str(e) for e in errors] == [
        f"{at(copy, 'reference:')}: reference: duplicate reference 'AL OTH 1/2021'; also in {at(LETTER, 'reference:')}",
        (
            f"{at(copy, 'reference:')}: reference: file should be content/communications/2021/al-oth-1-2021.yaml"
            " (the path follows the record's identity)"
        ),
    ]


def test_duplicate_provision_id_in_the_norm_catalogue() -> None:
    norms = norm_file()
    norms["provisions"][2]["id"] = "TESTI-1"
    errors = problems(norms=[norms])
    file = "content/norms/testi.yaml"
    assert errors == [
        (
            f"{file}:{second(file, 'id: TESTI-1')}: provisions[2].id: duplicate norm id"
            f" 'TESTI-1'; also in {at(file, 'id: TESTI-1')}"
        )
    ]


def test_duplicate_mandate_id_in_two_files() -> None:
    root = write_archive(Path("content"))
    dump(mandate(), root / "mandates/sr-testing-copy.yaml")
    _, errors = load_content(root)
    copy = "content/mandates/sr-testing-copy.yaml"
    assert (
        f"{at(MANDATE, 'id: sr-testing')}: id: duplicate mandate id 'sr-testing'; also in {at(copy, 'id: sr-testing')}"
        in [str(e) for e in errors]
    )


def test_duplicate_reply_same_letter_and_date() -> None:
    root = write_archive(Path("content"), replies=[reply()])
    dump(reply(), root / "replies/2021/copy.yaml")
    _, errors = load_content(root)
    copy = "content/replies/2021/copy.yaml"
    assert (
        f"{at(copy, 'date:')}: date: duplicate reply (same letter and date) 'al-oth-1-2021--2021-05-01'; also in"
        f" {at(REPLY, 'date:')}" in [str(e) for e in errors]
    )


# Norms


def test_provision_id_must_extend_its_instrument_id() -> None:
    norms = norm_file()
    norms["provisions"][2]["id"] = "OTHER-3"
    errors = problems(norms=[norms])
    file = "content/norms/testi.yaml"
    assert errors == [
        (
            f"{at(file, 'id: OTHER-3')}: provisions[2].id: provision id 'OTHER-3' must start with the"
            " instrument id and a hyphen, 'TESTI-'"
        )
    ]


def test_unknown_norm_in_an_allegation_suggests_close_ids() -> None:
    letter = communication()
    letter["allegations"][0]["norms"][0]["norm"] = "TESTI-9"
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'norm: TESTI-9')}: allegations[0].norms[0].norm: unknown norm 'TESTI-9'; did you mean"
            " 'TESTI-3', 'TESTI-2', 'TESTI-1'? (known: TESTI, TESTI-1, TESTI-2, TESTI-3)"
        )
    ]


def test_unknown_norm_in_an_annex_citation_suggests_close_ids() -> None:
    letter = communication()
    letter["sections"][2]["paragraphs"][0]["cites"] = [{"norm": "TESTY"}]
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'norm: TESTY')}: sections[2].paragraphs[0].cites[0].norm: unknown norm 'TESTY'; did you mean"
            " 'TESTI', 'TESTI-3', 'TESTI-2'? (known: TESTI, TESTI-1, TESTI-2, TESTI-3)"
        )
    ]


def test_unknown_norm_far_from_any_known_id_gives_no_hint() -> None:
    letter = communication()
    letter["allegations"][0]["norms"][0]["norm"] = "ICCPR-8"
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'norm: ICCPR-8')}: allegations[0].norms[0].norm: unknown norm 'ICCPR-8'"
            " (known: TESTI, TESTI-1, TESTI-2, TESTI-3)"
        )
    ]


# Mandates


def test_unknown_mandate_names_the_known_ones() -> None:
    letter = communication(mandates=[{"mandate": "sr-tasting", "resolution": "1/1"}])
    errors = problems(communications=[letter])
    assert (
        f"{at(LETTER, 'mandate: sr-tasting')}: mandates[0].mandate: unknown mandate 'sr-tasting'; did you mean"
        " 'sr-testing'? (known: sr-testing)" in errors
    )


def test_resolution_not_listed_for_the_mandate() -> None:
    letter = communication(mandates=[{"mandate": "sr-testing", "resolution": "2/2"}])
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'resolution: 2/2')}: mandates[0].resolution: resolution '2/2' is not listed for mandate"
            " 'sr-testing' (listed: 1/1); add it to content/mandates/sr-testing.yaml"
        )
    ]


def test_mandate_listed_twice_in_a_letter() -> None:
    twice = [{"mandate": "sr-testing", "resolution": "1/1"}] * 2
    assert problems(communications=[communication(mandates=twice)]) == [
        f"{at(LETTER, 'mandates:')}: mandates: mandate 'sr-testing' is listed twice"
    ]


def test_signatory_mandate_must_be_one_of_the_letters_mandates() -> None:
    letter = communication()
    letter["signatories"][0]["mandate"] = "sr-other"
    errors = problems(communications=[letter], mandates=[mandate(), mandate("sr-other")])
    assert errors == [
        (
            f"{at(LETTER, 'mandate: sr-other')}: signatories[0].mandate: signatory's mandate 'sr-other' is not one of"
            " the letter's mandates (sr-testing)"
        )
    ]


def test_holder_documents_must_be_letters_in_the_archive() -> None:
    holder = {"name": "SYNTHETIC Signatory", "title": "SYNTHETIC", "documents": ["AL OTH 1/2021", "AL OTH 9/2021"]}
    errors = problems(mandates=[mandate(holders=[holder])])
    assert errors == [
        (
            f"{at(MANDATE, 'AL OTH 9/2021')}: holders[0].documents[1]: communication 'AL OTH 9/2021'"
            " is not in the archive"
        )
    ]


def test_holder_must_have_signed_the_letter_for_the_mandate() -> None:
    holder = {"name": "SYNTHETIC Someone Else", "title": "SYNTHETIC", "documents": ["AL OTH 1/2021"]}
    errors = problems(mandates=[mandate(holders=[holder])])
    assert errors == [
        (
            f"{at(MANDATE, 'AL OTH 1/2021')}: holders[0].documents[0]: AL OTH 1/2021 has no signatory"
            " 'SYNTHETIC Someone Else' for mandate 'sr-testing'"
        )
    ]


# Replies


def test_reply_to_unknown_letter_names_file_and_line() -> None:
    answer = reply("AL OTH 2/2021")
    file = "content/" + record_path("replies", answer)
    assert problems(replies=[answer]) == [
        (
            f"{at(file, 'reply_to:')}: reply_to: unknown communication 'AL OTH 2/2021'; did you mean 'AL OTH 1/2021'?"
            " (known: AL OTH 1/2021)"
        )
    ]


def test_reply_dated_before_its_letter() -> None:
    answer = reply(on=date(2021, 3, 1))
    file = "content/" + record_path("replies", answer)
    assert problems(replies=[answer]) == [
        (
            f"{at(file, 'date:')}: date: reply dated 2021-03-01 is before the letter it answers (AL OTH 1/2021,"
            " sent 2021-03-12)"
        )
    ]


def test_reply_on_the_day_of_its_letter_is_valid() -> None:
    assert problems(replies=[reply(on=date(2021, 3, 12))]) == []


def test_reply_dated_after_the_as_of_date() -> None:
    answer = reply(on=date(2027, 1, 1))
    file = "content/" + record_path("replies", answer)
    assert problems(replies=[answer]) == [
        f"{at(file, 'date:')}: date: date 2027-01-01 is after the archive's as-of date 2026-11-26"
    ]


# Related letters


def test_related_letter_not_in_the_archive() -> None:
    letter = communication(related=[{"reference": "AL CHN 5/2021", "relation": "batch"}])
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'reference: AL CHN 5/2021')}: related[0].reference: 'AL CHN 5/2021' is not in the archive;"
            " add it, or mark it 'in_archive: false'"
        )
    ]


def test_related_letter_marked_outside_the_archive_is_valid() -> None:
    letter = communication(related=[{"reference": "AL CHN 5/2021", "relation": "batch", "in_archive": False}])
    assert problems(communications=[letter]) == []


def test_related_letter_marked_outside_but_in_the_archive() -> None:
    first = communication(related=[{"reference": "AL OTH 2/2021", "relation": "batch", "in_archive": False}])
    second = communication("AL OTH 2/2021")
    errors = problems(communications=[first, second])
    assert errors == [
        (
            f"{at(LETTER, 'in_archive: false')}: related[0].in_archive: AL OTH 2/2021 is in the archive;"
            " remove 'in_archive: false'"
        )
    ]


def test_letter_cannot_be_related_to_itself() -> None:
    letter = communication(related=[{"reference": "AL OTH 1/2021", "relation": "cited"}])
    assert problems(communications=[letter]) == [
        f"{at(LETTER, '- reference: AL OTH 1/2021')}: related[0].reference: a communication cannot be related to itself"
    ]


# Dates


def test_letter_sent_after_the_as_of_date() -> None:
    letter = communication(
        "AL OTH 1/2026", date(2026, 12, 1), source={"url": "https://example.org/s", "retrieved": date(2026, 12, 2)}
    )
    file = "content/communications/2026/al-oth-1-2026.yaml"
    assert problems(communications=[letter]) == [
        f"{at(file, 'date_sent:')}: date_sent: date sent 2026-12-01 is after the archive's as-of date 2026-11-26"
    ]


def test_date_public_before_date_sent() -> None:
    errors = problems(communications=[communication(date_public=date(2021, 3, 1))])
    assert errors == [
        f"{at(LETTER, 'date_public:')}: date_public: date public 2021-03-01 is before the date sent 2021-03-12"
    ]


def test_source_retrieved_before_the_letter_was_sent() -> None:
    letter = communication(source={"url": "https://example.org/s", "retrieved": date(2021, 1, 1)})
    assert problems(communications=[letter]) == [
        f"{at(LETTER, 'retrieved:')}: source.retrieved: retrieved 2021-01-01, before the letter was sent (2021-03-12)"
    ]


def test_letter_numbered_in_the_previous_year_is_valid() -> None:
    letter = communication("AL OTH 18/2020", date(2021, 3, 12))
    assert problems(communications=[letter]) == []


def test_letter_sent_years_after_its_numbering_is_a_warning() -> None:
    letter = communication("AL OTH 18/2018", date(2021, 3, 12))
    file = "content/communications/2018/al-oth-18-2018.yaml"
    assert problems(communications=[letter]) == [
        f"{at(file, 'date_sent:')}: warning: date_sent: sent in 2021 but numbered in 2018; "
        "check the date and the reference"
    ]


# Addressee


def test_letter_to_a_state_carries_its_code() -> None:
    letter = communication("AL CHN 1/2021", addressee={**STATE_LETTER, "country": "IND"})
    file = "content/communications/2021/al-chn-1-2021.yaml"
    assert problems(communications=[letter]) == [
        f"{at(file, 'country: IND')}: addressee.country: a letter to a State numbered CHN must have country 'CHN'"
    ]


def test_letter_to_a_state_numbered_oth_is_refused() -> None:
    assert problems(communications=[communication(addressee=STATE_LETTER)]) == [
        f"{at(LETTER, 'country: CHN')}: addressee.country: a letter to a State numbered OTH must have country 'OTH'"
    ]


def test_letter_to_a_company_is_numbered_oth() -> None:
    letter = communication("AL CHN 1/2021")
    file = "content/communications/2021/al-chn-1-2021.yaml"
    assert problems(communications=[letter]) == [
        f"{at(file, 'reference:')}: reference: a letter to a company is numbered OTH, not CHN"
    ]


# The letter's own text


def test_allegation_text_not_verbatim_in_its_paragraph() -> None:
    letter = communication()
    letter["allegations"][0]["text"] = "Workers were forced to work."
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'text: Workers were forced')}: allegations[0].text: not found verbatim in paragraph 'p2';"
            " copy the words exactly"
        )
    ]


def test_allegation_from_an_unknown_paragraph() -> None:
    letter = communication()
    letter["allegations"][0]["paragraph"] = "p9"
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'paragraph: p9')}: allegations[0].paragraph: unknown paragraph 'p9'"
            " (known: p1, p2, p3, question-1)"
        )
    ]


def test_duplicate_allegation_id() -> None:
    letter = communication()
    letter["allegations"].append(variant(letter["allegations"][0], title="Again"))
    errors = problems(communications=[letter])
    assert errors == [
        (f"{LETTER}:{second(LETTER, 'id: forced-work')}: allegations[1].id: duplicate allegation id 'forced-work'")
    ]


def test_footnote_anchor_not_found_in_its_paragraph() -> None:
    letter = communication()
    letter["footnotes"][0]["after"] = "forced to labour."
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'after: forced to labour.')}: footnotes[0].after: not found verbatim in paragraph 'p2';"
            " copy the words exactly"
        )
    ]


def test_footnote_may_be_anchored_in_a_question() -> None:
    letter = communication()
    letter["footnotes"][0].update(paragraph="question-1", after="additional information.")
    assert problems(communications=[letter]) == []


def test_footnote_in_an_unknown_paragraph() -> None:
    letter = communication()
    letter["footnotes"][0]["paragraph"] = "question-2"
    assert problems(communications=[letter]) == [
        (
            f"{at(LETTER, 'paragraph: question-2')}: footnotes[0].paragraph: unknown paragraph 'question-2'; "
            "did you mean 'question-1'? (known: p1, p2, p3, question-1)"
        )
    ]


def test_questions_are_numbered_in_order_from_one() -> None:
    letter = communication(questions=[{"number": 1, "text": "First?"}, {"number": 3, "text": "Third?"}])
    assert problems(communications=[letter]) == [
        f"{at(LETTER, 'number: 3')}: questions[1].number: question number 3; expected 2 (numbered in order from 1)"
    ]


def test_footnotes_are_numbered_in_order_from_one() -> None:
    letter = communication()
    letter["footnotes"][0]["number"] = 2
    assert problems(communications=[letter]) == [
        f"{at(LETTER, 'number: 2')}: footnotes[0].number: footnote number 2; expected 1"
    ]


def test_duplicate_paragraph_id() -> None:
    letter = communication()
    letter["sections"][2]["paragraphs"][0]["id"] = "p1"
    errors = problems(communications=[letter])
    assert errors == [
        (f"{LETTER}:{second(LETTER, 'id: p1')}: sections[2].paragraphs[0].id: duplicate paragraph id 'p1'")
    ]


# Warnings


def test_letter_without_allegations_is_a_warning() -> None:
    assert problems(communications=[communication(allegations=[])]) == [
        f"{at(LETTER, 'reference:')}: warning: reference: no allegations recorded; "
        "readers cannot follow it to its norms"
    ]


def test_allegation_without_norms_is_a_warning() -> None:
    letter = communication()
    letter["allegations"][0]["norms"] = []
    errors = problems(communications=[letter])
    assert errors == [f"{at(LETTER, 'norms: []')}: warning: allegations[0].norms: allegation links to no norm"]


def test_every_cross_record_error_is_reported_at_once_in_file_and_line_order() -> None:
    letter = communication(mandates=[{"mandate": "sr-testing", "resolution": "2/2"}])
    letter["allegations"][0]["norms"][0]["norm"] = "NOPE"
    answer = reply("AL OTH 7/2021")
    root = write_archive(Path("content"), communications=[letter], replies=[answer])
    _, errors = load_content(root)
    reply_file = "content/" + record_path("replies", answer)
    assert [(e.file, e.line, e.field) for e in errors] == [
        (LETTER, line_of(LETTER_PATH, "norm: NOPE"), "allegations[0].norms[0].norm"),
        (LETTER, line_of(LETTER_PATH, "resolution: 2/2"), "mandates[0].resolution"),
        (reply_file, line_of(Path(reply_file), "reply_to:"), "reply_to"),
    ]
