"""Stage 6 of an import: the parsed letter becomes a draft communication record (a dict).

Whatever the letter does not settle becomes a FILL IN placeholder, so that validation says
exactly what is missing, and is explained in transcription.notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model.placeholders import placeholder
from ..model.reference import NON_STATE, country_name
from .blocks import MARKER, Block, PendingRepair
from .parse import Letter, Paragraph, signatory_title
from .read import SourceText
from .repair import Repaired, footnote_marker
from .resolve import (
    Catalogue,
    capacities,
    citations,
    country_code,
    legal_bases,
    mandates_named,
    regional_body,
    related_references,
    signatory_mandate,
    tolerant_mandate,
)

AFTER_WORDS = 3
ALLEGATIONS_NOTE = ("Allegations are an editorial act: the importer records none (allegations: []). An editor adds "
                    "each allegation, copied verbatim from its paragraph, with its norm links.")
LANGUAGES = {
    "en": re.compile(r"\b(?:We|I) have the honour\b|\bthe following matters\b|\bhighest consideration\b"),
    "fr": re.compile(r"\b(?:Nous avons|J'ai) l['’]honneur\b|\bnotre (?:plus )?haute considération\b"
                     r"|\ben notre qualité de\b"),
    "es": re.compile(r"\b(?:Tenemos|Tengo) el honor\b|\bnuestra más alta consideración\b|\ben nuestra calidad de\b"),
}
"""The language of a letter, told by the fixed formulas of its opening and closing."""
STATE_SALUTATIONS = ("Excellency", "Your Excellency", "Excellence", "Votre Excellence", "Excelencia", "Su Excelencia")
_ALSO_SENT = re.compile(r"(?:also|been) sent to (?:the )?Governments? of (?P<states>.+?)(?:, as well as to "
                        r"(?P<others>[^.]+))?\.$")


@dataclass
class DraftRecord:
    """The record to write, and what the importer repaired, noted and could not determine."""

    record: dict[str, Any]
    repairs: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def fill_in(self, hint: str) -> str:
        """A placeholder for a value the letter does not settle, remembered for the summary."""
        self.unknown.append(hint)
        return placeholder(hint)


def draft_record(source: SourceText, letter: Letter, repaired: Repaired, catalogue: Catalogue,
                 markup: list[str]) -> DraftRecord:
    """The draft record of the letter, with its repairs and notes."""
    draft = DraftRecord({})
    ref = letter.reference.reference if letter.reference else None
    ids = {id(p.block): f"p{i}" for i, p in enumerate(letter.paragraphs, start=1)}
    texts = _reading_order(letter, ids)
    footnotes = _anchor_footnotes(texts, repaired.footnotes, draft)
    mandates, mandate_words, regional = _mandates(letter, catalogue, draft)
    record = draft.record
    record["reference"] = str(ref) if ref else draft.fill_in(
        "the letter's reference, e.g. 'AL OTH 102/2021' (the source prints none: find it in the UN's communications "
        "database), then move this file to communications/YEAR/REF.yaml")
    record["date_sent"] = letter.date_sent or draft.fill_in("the date on the letter, as YYYY-MM-DD")
    record["addressee"] = _addressee(letter, repaired, texts, draft)
    if letter.letterhead is not None:
        record["letterhead"] = letter.letterhead.text
    record["salutation"] = letter.salutation or draft.fill_in("the salutation verbatim, e.g. 'Excellency,'")
    record["mandates"] = mandates
    all_text = " ".join(text for _, text in texts.values())
    record["language"] = _language(letter, all_text) or draft.fill_in("the ISO 639-1 code of the language")
    record["sections"] = _sections(letter, ids, texts, catalogue, draft)
    if letter.questions:
        record["questions"] = [{"number": b.number, "text": texts[id(b)][1]} for b in letter.questions]
    if footnotes:
        record["footnotes"] = footnotes
    record["allegations"] = []
    record["signatories"], signed = _signatories(letter, catalogue, [m["mandate"] for m in mandates], mandate_words,
                                                 draft)
    opening = next((p.block.text for p in letter.paragraphs if p.section == "opening"), "")
    if co_signers := _co_signers(regional, signed, opening, draft):
        record["co_signers"] = co_signers
    if others := _other_addressees(letter, texts, draft):
        record["other_addressees"] = others
    related, unsettled = related_references([t for _, t in texts.values()], str(ref) if ref else None, catalogue)
    if related:
        record["related"] = related
    draft.notes += unsettled
    record["source"] = {"url": draft.fill_in("the URL of the letter as published (the import read a file)")}
    draft.repairs = _repairs(letter, ids) + draft.repairs
    draft.notes = _notes(source, letter, repaired, markup) + draft.notes + [ALLEGATIONS_NOTE]
    record["transcription"] = {
        "transcribed_from": f"The file {source.file.name} ({_FORMAT_NAMES[source.format]}), drafted with "
                            "sp-archive import and checked by hand.",
        "repairs": draft.repairs,
        "notes": draft.notes,
    }
    return draft


_FORMAT_NAMES = {"markdown": "a Markdown conversion of the published letter", "text": "the letter as plain text",
                 "pdf": "the letter as a PDF, its text layer read by pypdf"}


def _reading_order(letter: Letter, ids: dict[int, str]) -> dict[int, tuple[str, str]]:
    """Each paragraph's and question's block -> (its place, its text), in the order the letter reads."""
    out: dict[int, tuple[str, str]] = {}
    questions_at = max((i for i, p in enumerate(letter.paragraphs) if p.section == "questions"), default=None)
    if questions_at is None:
        questions_at = next((i - 1 for i, p in enumerate(letter.paragraphs) if p.section == "closing"), -1)
    if questions_at < 0:
        _add_questions(letter, out)
    for i, paragraph in enumerate(letter.paragraphs):
        out[id(paragraph.block)] = (ids[id(paragraph.block)], paragraph.block.text)
        if i == questions_at:
            _add_questions(letter, out)
    if not any(place.startswith("question-") for place, _ in out.values()):
        _add_questions(letter, out)
    return out


def _add_questions(letter: Letter, out: dict[int, tuple[str, str]]) -> None:
    for block in letter.questions:
        out[id(block)] = (f"question-{block.number}", block.text)


def _anchor_footnotes(texts: dict[int, tuple[str, str]], notes: dict[int, str], draft: DraftRecord) -> list[dict]:
    """Find each footnote's marker, in order; take it out of the text and anchor the footnote there."""
    keys = list(texts)
    position = 0
    out = []
    for number in sorted(notes):
        marker = footnote_marker(number)
        hit = next((i for i in range(position, len(keys)) if marker.search(texts[keys[i]][1])), None)
        if hit is None:
            out.append({"number": number, "paragraph": draft.fill_in(f"the paragraph id that carries footnote "
                                                                     f"{number}'s marker"),
                        "after": draft.fill_in(f"the words footnote {number}'s marker follows"), "text": notes[number]})
            continue
        place, text = texts[keys[hit]]
        match = marker.search(text)
        assert match is not None  # hit is the paragraph the marker was found in
        before = MARKER.sub("", text[: match.start()]).split()
        texts[keys[hit]] = (place, text[: match.start()] + text[match.end():])
        out.append({"number": number, "paragraph": place, "after": " ".join(before[-AFTER_WORDS:]),
                    "text": notes[number]})
        position = hit
    for key in keys:
        place, text = texts[key]
        if MARKER.search(text):
            draft.notes.append(f"{place}: footnote marker(s) {', '.join(MARKER.findall(text))} without a footnote "
                               "text in the source were removed; add the footnotes by hand.")
            texts[key] = (place, MARKER.sub("", text))
    return out


def _language(letter: Letter, all_text: str) -> str | None:
    """The language of the opening formula (a translation keeps the original's fixed closing words), else of any."""
    opening = letter.paragraphs[0].block.text if letter.paragraphs else ""
    for text in (opening, all_text):
        found = next((code for code, formula in LANGUAGES.items() if formula.search(text)), None)
        if found:
            return found
    return None


_COMPANY_FORM = re.compile(r"\b(?:Ltd|Limited|Inc|Incorporated|Corp|Corporation|plc|PLC|LLC|L\.L\.C|GmbH|AG|SE"
                           r"|S\.?A|S\.?A\.?S|S\.?p\.?A|S\.?L|S\.?R\.?L|N\.?V|B\.?V|Co|Company|Group|Groupe|Grupo)\.?,?$")
"""A line of an address block ending in a company's legal form or a group's name: 'Example Widgets Ltd',
'Exemple SA'."""


def _addressee(letter: Letter, repaired: Repaired, texts: dict[int, tuple[str, str]],
               draft: DraftRecord) -> dict[str, Any]:
    """A State from the reference's code; otherwise a company or organisation named where the letter allows."""
    if letter.reference is None:
        return _unnumbered_addressee(letter, draft)
    code = letter.reference.reference.addressee_code
    if code != NON_STATE:
        if letter.salutation and not letter.salutation.startswith(STATE_SALUTATIONS):
            draft.notes.append(f"The reference is numbered to a State ({code}) but the salutation is "
                               f"“{letter.salutation}”; check the addressee.")
        return {"kind": "state", "name": country_name(code), "country": code}
    body = " ".join(text for _, text in texts.values())
    company = re.search(r"\byour company\b|\bvotre (?:société|entreprise)\b|\bsu empresa\b", body, re.I)
    organisation = re.search(r"\byour organi[sz]ation\b|\bvotre organisation\b|\bsu organizaci[oó]n\b", body, re.I)
    kind = "company" if company else "organisation" if organisation else None
    names = list(dict.fromkeys(repaired.headers))
    registered = [line for line in letter.address if _COMPANY_FORM.search(line)]
    if len(registered) == 1:  # the letter's own address first; a running header only when there is none
        names = registered
        kind = kind or "company"
        draft.notes.append(f"The addressee's name “{registered[0]}” is taken from the address block, the one line "
                           "there ending in a company's legal form; check it against the published letter.")
    elif len(names) == 1:
        draft.notes.append(f"The addressee's name “{names[0]}” is taken from the running header the source prints "
                           "inside the text; check it against the published letter.")
    addressee: dict[str, str] = {
        "kind": kind or draft.fill_in("the kind of addressee: company or organisation"),
        "name": names[0] if len(names) == 1 else draft.fill_in("the name of the company or organisation"),
    }
    if kind != "organisation":
        addressee["country"] = draft.fill_in("the ISO 3166-1 alpha-3 code of the country the company is based in "
                                             "(the letter does not say; remove this line for an organisation)")
    person = re.match(r"^(?:Dear|Estimad[oa]|Cher|Chère) (.+)[,:]$", letter.salutation or "")
    if person:
        addressee["person"] = person[1]
    return addressee


def _unnumbered_addressee(letter: Letter, draft: DraftRecord) -> dict[str, str]:
    """Without a reference, a State only by its salutation ('Excellency,'); its name and code are left to fill in."""
    if letter.salutation and letter.salutation.startswith(STATE_SALUTATIONS):
        return {"kind": "state",
                "name": draft.fill_in("the State's name as the UN writes it, e.g. 'Syrian Arab Republic'"),
                "country": draft.fill_in("the State's ISO 3166-1 alpha-3 code, the reference's second part")}
    return {"kind": draft.fill_in("the kind of addressee: state, company or organisation"),
            "name": draft.fill_in("the addressee's name"),
            "country": draft.fill_in("the ISO 3166-1 alpha-3 code of the State, or of the country a company is based "
                                     "in (remove this line for an organisation)")}


def _mandates(letter: Letter, catalogue: Catalogue,
              draft: DraftRecord) -> tuple[list[dict[str, str]], dict[str, str], list[str]]:
    """The mandates in the order of the opening formula (or letterhead), each with its resolution; the letter's own
    words for those not found by their catalogue title (the signatories' titles repeat them); and the words naming
    co-signers outside the UN special procedures, which are not mandates and have no resolution."""
    opening = next((found for p in letter.paragraphs if p.section == "opening"
                    if (found := capacities(p.block.text))), None)
    named = mandates_named(opening[0], catalogue) if opening else []
    head = mandates_named(letter.letterhead.text, catalogue) if letter.letterhead else []
    if head and named and [m for m, _ in head] != [m for m, _ in named]:
        draft.notes.append("The letterhead and the opening formula name the mandates differently; the opening "
                           "formula's order is kept. Check the mandates.")
    named = named or head
    regional = [words for mandate, words in named if mandate is None and regional_body(words)]
    named = [(mandate, words) for mandate, words in named if words not in regional]
    resolutions = opening[1] if opening else []
    if resolutions and len(resolutions) != len(named):
        draft.notes.append(f"The opening formula cites {len(resolutions)} resolution(s) for {len(named)} mandate(s); "
                           "the resolutions are left to fill in.")
        resolutions = []
    if not named:
        draft.notes.append("No mandate was found in the letterhead or the opening formula.")
        named = [(None, "")]
    out, words_of = [], {}
    for i, (mandate, words) in enumerate(named):
        resolution = resolutions[i] if resolutions else None
        if mandate is None and words:
            mandate = _unmatched_mandate(words, resolution, catalogue, draft)
            words_of.update({mandate: words} if mandate else {})
        out.append({
            "mandate": mandate or draft.fill_in(f"the id in content/mandates/ of the mandate “{words}”" if words
                                                else "the id of a mandate in content/mandates/"),
            "resolution": resolution or draft.fill_in(
                f"the resolution the letter cites for {mandate or 'this mandate'}, e.g. 43/20"),
        })
    return out, words_of, regional


def _unmatched_mandate(words: str, resolution: str | None, catalogue: Catalogue, draft: DraftRecord) -> str | None:
    """A mandate the letter names otherwise than the catalogue: by the resolution cited for it, else by a title the
    words are close to (a slip, an unofficial translation) when only one is; a note says which, and what was printed."""
    if resolution and (by_resolution := catalogue.resolutions.get(resolution)):
        draft.notes.append(f"The mandate “{words}” is taken to be {by_resolution}, the mandate content/mandates/ "
                           f"lists resolution {resolution} for (the letter's words for it, in its language, are not "
                           "the catalogue's title); check it.")
        return by_resolution
    if close := tolerant_mandate(words, catalogue):
        draft.notes.append(f"The mandate “{words}” is taken to be {close}, the one mandate in content/mandates/ whose "
                           f"title, “{catalogue.mandates[close]}”, those words are close to (a slip or an unofficial "
                           "translation); check it.")
        return close
    draft.notes.append(f"The mandate “{words}” is not in content/mandates/; add it there, then give its id.")
    return None


def _sections(letter: Letter, ids: dict[int, str], texts: dict[int, tuple[str, str]], catalogue: Catalogue,
              draft: DraftRecord) -> list[dict[str, Any]]:
    """Consecutive paragraphs of one kind make a section; annex paragraphs carry their citations."""
    sections: list[dict[str, Any]] = []
    for paragraph in letter.paragraphs:
        if not sections or sections[-1]["kind"] != paragraph.section:
            heading = {"heading": letter.annex_heading} if paragraph.section == "annex" and letter.annex_heading else {}
            sections.append({"kind": paragraph.section, **heading, "paragraphs": []})
        sections[-1]["paragraphs"].append(_paragraph(paragraph, ids, texts, catalogue, draft))
    if not sections:
        sections = [{"kind": "opening", "paragraphs": [
            {"id": "p1", "text": draft.fill_in("the letter's first paragraph, verbatim")}]}]
    return sections


def _paragraph(paragraph: Paragraph, ids: dict[int, str], texts: dict[int, tuple[str, str]], catalogue: Catalogue,
               draft: DraftRecord) -> dict[str, Any]:
    place, text = texts[id(paragraph.block)]
    out: dict[str, Any] = {"id": place, "text": text}
    if paragraph.style != "paragraph":
        out["style"] = paragraph.style
    if paragraph.section == "annex":
        cites, missing = citations(text, catalogue)
        if cites:
            out["cites"] = cites
        draft.notes += [f"{place}: {note}" for note in missing]
    return out


def _signatories(letter: Letter, catalogue: Catalogue, mandates: list[str], mandate_words: dict[str, str],
                 draft: DraftRecord) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Name line and title lines of each signature; the mandate from the title. Signatures whose title names a
    regional body are not UN mandate holders: they come back apart, as (name, title)."""
    out, regional = [], []
    for block in letter.signatures:
        name = block.lines[0].strip()
        title, repairs = signatory_title(block, name)
        draft.repairs += [_repair(f"signatories ({name})", r) for r in block.repairs + repairs]
        if regional_body(title):
            regional.append((name, title))
            continue
        mandate = signatory_mandate(title, catalogue, mandates, mandate_words)
        if mandate is None:
            draft.notes.append(f"The title of {name}, “{title}”, matches no mandate title in content/mandates/.")
        out.append({"name": name, "title": title or draft.fill_in(f"the title printed under {name}"),
                    "mandate": mandate or draft.fill_in(f"the id of the mandate {name} holds")})
    if not out:
        draft.notes.append("No signatures were found after the closing formula.")
        out.append({"name": draft.fill_in("the signatory's name as signed"),
                    "title": draft.fill_in("the signatory's title as printed under the name"),
                    "mandate": draft.fill_in("the id of the mandate the signatory holds")})
    return out, regional


def _co_signers(named: list[str], signed: list[tuple[str, str]], opening: str,
                draft: DraftRecord) -> list[dict[str, Any]]:
    """Co-signers outside the UN special procedures: each signature with a regional body's title (else each named in
    the opening formula), with the body and, when the formula cites one basis for one co-signer, its legal basis."""
    people: list[tuple[str | None, str]] = [*signed] or [(None, words) for words in named]
    bases = legal_bases(opening)
    out = []
    for name, title in people:
        entry = {**({"name": name} if name else {}), "title": title, "body": regional_body(title)}
        if len(people) == 1 and len(bases) == 1:
            entry["legal_basis"] = bases[0]
        out.append(entry)
    if out:
        shown = "; ".join(f"“{c['title']}”" for c in out)
        draft.notes.append(f"Not UN special procedures, so not among the mandates or signatories: {shown}; they are "
                           "recorded under co_signers with their body" + (" and legal basis" if bases else "")
                           + " as printed. Check them.")
    return out


def _other_addressees(letter: Letter, texts: dict[int, tuple[str, str]], draft: DraftRecord) -> list[dict]:
    """'letters expressing similar concerns are also sent to the Governments of A, B and C, as well as to …'."""
    for paragraph in letter.paragraphs:
        match = _ALSO_SENT.search(texts[id(paragraph.block)][1])
        if match:
            return _states(match["states"], draft) + _others(match["others"])
    return []


def _states(words: str, draft: DraftRecord) -> list[dict[str, Any]]:
    """'China, Viet Nam and the United Kingdom of Great Britain and Northern Ireland': each State, the longest name
    first, since a UN name may itself hold a comma or an 'and' ('China, Hong Kong Special Administrative Region')."""
    pieces = re.split(r"(,\s*(?:and\s+)?|\s+and\s+)", words.strip())  # names at even places, separators between
    out, start, count = [], 0, len(pieces) // 2 + 1
    while start < count:
        end = next((end for end in range(count, start, -1)
                    if country_code("".join(pieces[2 * start:2 * end - 1]))), None)
        if end is None:
            draft.notes.append(f"Other addressee “{pieces[2 * start]}”: no country of that name, as the UN or "
                               "ISO 3166-1 writes it; check it.")
            start += 1
            continue
        name = "".join(pieces[2 * start:2 * end - 1])
        out.append({"kind": "state", "name": name.strip(), "country": country_code(name)})
        start = end
    return out


def _others(words: str | None) -> list[dict[str, str]]:
    if not words:
        return []
    kind = "company" if re.search(r"compan|enterprise|business", words) else "organisation"
    return [{"kind": kind, "description": words.strip()}]


def _repairs(letter: Letter, ids: dict[int, str]) -> list[dict[str, str]]:
    """The repairs on the letter's text, in reading order, named by paragraph or question."""
    out = []
    if letter.letterhead is not None:
        out += [_repair("letterhead", r) for r in letter.letterhead.repairs]
    text_blocks: list[tuple[str, Block]] = [(ids[id(p.block)], p.block) for p in letter.paragraphs]
    closing = next((i for i, p in enumerate(letter.paragraphs) if p.section in ("closing", "annex")), len(text_blocks))
    text_blocks[closing:closing] = [(f"question-{b.number}", b) for b in letter.questions]
    for place, block in text_blocks:
        out += [_repair(place, r) for r in block.repairs]
    return out


def _repair(where: str, repair: PendingRepair) -> dict[str, str]:
    return {"where": where, "kind": repair.kind, "description": repair.description}


def _notes(source: SourceText, letter: Letter, repaired: Repaired, markup: list[str]) -> list[str]:
    notes = [(f"DRAFT made by sp-archive import from {source.file.name}: check every value against the published "
             "letter, then remove this note.")]
    if letter.prelude:
        shown = " / ".join(f"“{text}”" for text in letter.prelude)
        where = "the letterhead" if letter.letterhead is not None or letter.reference is not None else \
            f"the letter, which starts at its {'date' if letter.date_sent else 'salutation'},"
        notes.append(f"Text before {where} is not part of the letter and was left out: {shown}.")
    if markup:
        notes.append("Conversion markup of the source file is not part of the letter and was dropped, keeping the "
                     f"words: {'; '.join(markup)}.")
    if letter.reference is None:
        notes.append("The source prints no reference line (a letter as a campaign site reproduces it); the reference, "
                     "and what it settles (the addressee's country), are left to fill in.")
    else:
        notes += letter.reference.notes
    if letter.address:
        notes.append(f"The lines between the reference and the salutation, “{' / '.join(letter.address)}”, are the "
                     "address block; they are represented by addressee.")
    if letter.annex_heading:
        notes.append(f"The heading “{letter.annex_label or 'Annex'}” is represented by the section of kind annex; "
                     f"“{letter.annex_heading}” is its heading.")
    return notes
