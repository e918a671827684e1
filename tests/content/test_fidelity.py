"""The record of AL OTH 102/2021 holds every sentence of the seed letter, verbatim and in full.

The seed (shared/seeds/AL-OTH-102-2021.md, beside the repository) is a Markdown conversion
of the published letter. Its markup and its page-break artefacts are removed the same way
the transcription says they were; everything else must be found word for word in the record.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.model import Communication

REPO = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "AL-OTH-102-2021.md"
RECORD = REPO / "content" / "communications" / "2021" / "al-oth-102-2021.yaml"
RUNNING_HEADER = "Haier Group Corporation"
LIST_MARKER = re.compile(r"^(\d+\. |- )")


def normalised(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return " ".join(text.split())


def strip_markup(line: str) -> str:
    """Remove Markdown markup from one line of the seed, keeping the letter's words."""
    line = line.replace("\\\\_", "_").replace("\\_", "_")
    line = re.sub(r"<sup>\d+</sup>", " ", line)
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = line.replace("**", "")
    line = re.sub(r"^#+ ", "", line)
    return line.rstrip()


def seed_units(seed: str) -> list[tuple[str, str]]:
    """The seed as (kind, text) units: 'heading', 'text' (a paragraph or a list item), or 'rule'."""
    units: list[tuple[str, str]] = []
    for block in re.split(r"\n\s*\n", seed):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if lines == [RUNNING_HEADER]:
            continue  # the running header at a page break, standing alone on its line
        if lines == ["---"]:
            continue  # the rule that separates the footnote from the text
        if lines[0].startswith("#"):
            units.append(("heading", strip_markup(lines[0])))
            continue
        current: list[str] = []
        for line in lines:
            if LIST_MARKER.match(line) and current:
                units.append(("text", normalised(" ".join(current))))
                current = []
            current.append(strip_markup(line.removeprefix("- ")))
        units.append(("text", normalised(" ".join(current))))
    return units


def sentences(text: str) -> list[str]:
    """Split a unit into sentences at a full stop, question or exclamation mark and a space.

    A question's number ('8. ') stays with its first sentence, and 'Mr.' ends no sentence.
    """
    number = re.match(r"\d+\. ", text)
    prefix, rest = (number.group(0), text[number.end():]) if number else ("", text)
    found = [s for s in re.split(r"(?<=[.?!])(?<!Mr\.)\s+", rest) if s]
    return [prefix + found[0], *found[1:]] if found else []


def record_text(letter: Communication) -> str:
    """Every word the record holds of the letter, in order, normalised."""
    parts = [letter.letterhead or "", letter.salutation]
    parts += [p.text for p in letter.paragraphs()]
    parts += [f"{q.number}. {q.text}" for q in letter.questions]
    parts += [f.text for f in letter.footnotes]
    for signatory in letter.signatories:
        parts += [signatory.name, signatory.title]
    return normalised("\n".join(parts))


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed letter not found at {SEED} (shared/ is expected beside the repository)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def letter() -> Communication:
    return Communication.model_validate(YAML(typ="safe").load(RECORD.read_text(encoding="utf-8")))


def test_every_sentence_of_the_seed_letter_is_in_the_record(seed: str, letter: Communication) -> None:
    held = record_text(letter)
    units = [text for kind, text in seed_units(seed) if kind == "text"]
    header = [u for u in units if u.startswith("REFERENCE:") or re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", u)]
    body = [u for u in units if u not in header]
    assert len(body) > 40, f"the seed yielded only {len(body)} text units; is it the right file?"
    missing = [s for unit in body for s in sentences(unit) if normalised(s) not in held]
    assert not missing, "sentences of the seed letter missing from the record:\n" + "\n".join(f"- {s}" for s in missing)


def test_reference_and_date_lines_match_the_record(seed: str, letter: Communication) -> None:
    units = [text for kind, text in seed_units(seed) if kind == "text"]
    reference = next(u for u in units if u.startswith("REFERENCE:"))
    assert reference.removeprefix("REFERENCE:").strip() == letter.reference
    dated = [u for u in units if re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", u)]
    assert [datetime.strptime(d, "%d %B %Y").date() for d in dated] == [letter.date_sent]


def test_headings_of_the_seed_are_the_sections_of_the_record(seed: str, letter: Communication) -> None:
    headings = [text for kind, text in seed_units(seed) if kind == "heading"]
    assert headings == ["Annex", "Reference to international human rights law"]
    annex = [s for s in letter.sections if s.kind == "annex"]
    assert len(annex) == 1 and annex[0].heading == headings[1]


def test_the_running_header_is_not_left_inside_the_text(letter: Communication) -> None:
    leftover = [p.id for p in letter.paragraphs() if RUNNING_HEADER in p.text]
    assert not leftover, f"running header {RUNNING_HEADER!r} still in paragraphs {leftover}"


def test_every_annex_paragraph_naming_a_guiding_principle_cites_it(letter: Communication) -> None:
    annex = [p for s in letter.sections if s.kind == "annex" for p in s.paragraphs]
    uncited = [p.id for p in annex if "Guiding Principle" in p.text and not p.cites]
    assert annex, "the record has no annex"
    assert not uncited, f"annex paragraphs that name a Guiding Principle but cite nothing: {uncited}"


def test_each_numbered_guiding_principle_in_the_annex_is_cited(letter: Communication) -> None:
    annex = [p for s in letter.sections if s.kind == "annex" for p in s.paragraphs]
    for paragraph in annex:
        named = set(re.findall(r"Guiding Principle (\d+)", paragraph.text))
        cited = {c.norm.removeprefix("UNGP-") for c in paragraph.cites}
        assert named <= cited, f"{paragraph.id} names Guiding Principle(s) {sorted(named - cited)} without citing them"


WORKING_WORDS = re.compile(
    r"\b(?:seed|Markdown|markup|represented by|fields?|section of kind|anchored|URL)\b|<sup>|\*\*"
)
"""The archive's working vocabulary, which the letter's page shows readers only in plain words."""


def test_the_transcription_notes_speak_to_readers_in_plain_words(letter: Communication) -> None:
    assert letter.transcription.notes
    unplain = {note[:60]: WORKING_WORDS.findall(note)
               for note in letter.transcription.notes if WORKING_WORDS.search(note)}
    assert unplain == {}
