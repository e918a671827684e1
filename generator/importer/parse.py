"""Stage 4 of an import: find the letter's parts in its repaired blocks.

The header (letterhead, reference, date, salutation), the body split into sections by
their usual opening phrases, the numbered questions, the signatories and the annex.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..errors import ImportFailure
from ..model.reference import TYPES, Reference, parse_reference
from .blocks import Block, PendingRepair, ends_sentence
from .dates import find_date, read_date

REFERENCE_LABEL = re.compile(r"\b(?:REFERENCE|R[ÉE]F[ÉE]RENCE|REFERENCIA)\s*:\s*", re.IGNORECASE)
"""The label before a letter's reference, in English, French or Spanish (a reply has none)."""
_TRAILING = re.compile(r"(?:^|\s)([A-Z]{3})\s+([1-9][0-9]{0,4})\s*([/.])\s*([12][0-9]{3})\s*$")
_BARE = re.compile(rf"^({'|'.join(TYPES)})\s+[A-Z]{{3}}\s+[1-9][0-9]{{0,4}}\s*[/.]\s*[12][0-9]{{3}}$")
_LETTERHEAD = re.compile(r"^(?:Mandates? of the|Mandats? d[eu]|Mandatos? de(?:l|\s+la)?)\b")
_SALUTE = (r"(?:Your Excellency|Excellency|Dear\s.+?|To whom it may concern|Excellence|Votre Excellence|Madame|Monsieur"
           r"|Madame,? Monsieur|Ch[eè]re?\s.+?|Excelencia|Su Excelencia|Estimad[oa]s?\s.+?|Señora?|Distinguid[oa]\s.+?)"
           r"[\u00a0\u202f ]?[,:]")  # French typography puts a space before the colon: "Excellence :"
_SALUTATION = re.compile(rf"^{_SALUTE}$")
_SALUTATION_AT_END = re.compile(rf"^(?P<before>.*?\S)\s+(?P<salutation>{_SALUTE})$")
_CLOSING_FORMULA = re.compile(r"^(?:(?:Please )?[Aa]ccept\b.*\bconsideration|Veuillez agréer\b.*\bconsidération|"
                              r"Acepte\b.*\bconsideración)\W*$")
_ANNEX = re.compile(r"^(?:Annex|Annexe|Anexo)\b.{0,40}$", re.IGNORECASE)
_ASKS = re.compile(r"^(?:[0-9]+\.\s*)?(?:Please|Kindly|Veuillez|Sírvase|Sírvanse|Indicar|Proporcionar)\b|\?\s*$")
"""A numbered paragraph that asks something: a question even outside a questions section."""
SECTION_ORDER = ["opening", "information-received", "allegations", "concerns", "questions", "closing"]
SECTION_PHRASES = {
    "information-received": r"^In this (?:connection|regard),|would like to bring to the attention of"
                            r"|^À cet égard,|^Dans ce contexte,|attirer l['’]attention d"
                            r"|^En este sentido,|^A este respecto,|señalar a la atención",
    "allegations": r"^According to (?:the )?information (?:received|obtained)"
                   r"|^Selon (?:les )?informations? reçues|^Según (?:la )?información recibida",
    "concerns": r"^(?:While (?:we|I) do not wish to prejudge|Without (?:wishing to )?prejudg|(?:We|I) (?:wish to )?"
                r"express (?:our|my) (?:grave |serious |deep )?concern)"
                r"|^Sans vouloir (?:à ce stade )?préjuger|^Sin (?:implicar|prejuzgar)",
    "questions": r"^As it is (?:our|my) responsibility|grateful for your observations on the following"
                 r"|^Comme il est de (?:notre|ma) responsabilité|observations sur les points suivants"
                 r"|^Es (?:nuestra|mi) responsabilidad|sobre los asuntos siguientes",
    "closing": r"^(?:This communication and any response|(?:We|I) would appreciate (?:receiving )?a response|"
               r"Pending a response|In the meantime,|Please accept|(?:We|I) may publicly express"
               r"|Nous serions reconnaissants de recevoir une réponse|En attendant|Veuillez agréer"
               r"|Agradecer[ií]amos recibir una respuesta|Mientras tanto|Acepte,)",
}
"""The usual opening words of each section, in English, French and Spanish."""


@dataclass(frozen=True)
class ParsedReference:
    """The reference found, and what the line printed around or instead of it."""

    reference: Reference
    printed: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """A body or annex paragraph before it has its id."""

    section: str
    block: Block
    style: str = "paragraph"


@dataclass
class Letter:
    """The parts of a letter as found; what was not found is None or empty."""

    prelude: list[str]
    letterhead: Block | None
    reference: ParsedReference | None
    """None for a letter as campaign sites reproduce it: from the salutation to the signatures, no reference line."""
    date_sent: date | None
    address: list[str]
    salutation: str | None
    paragraphs: list[Paragraph]
    questions: list[Block]
    signatures: list[Block]
    annex_heading: str | None
    annex_label: str | None = None
    """The word that opens the annex as printed: 'Annex', 'Annexe', 'Anexo'."""


def parse_letter(blocks: list[Block]) -> Letter:
    """Split the letter into header, sections, questions, signatories and annex."""
    blocks = _salutation_apart(blocks)
    labelled = _first(blocks, lambda b: bool(REFERENCE_LABEL.search(b.text)), 0)
    head_at = _first(blocks, lambda b: bool(_LETTERHEAD.match(b.text)), 0)
    reference, ref_end = _reference(blocks, labelled)
    ref_at = min(labelled, ref_end - 1)
    if reference is None:  # the letter starts at its letterhead, else at its salutation; a date just above is its date
        ref_at = ref_end = head_at + 1 if head_at < len(blocks) else _unreferenced_start(blocks)
    start = min(head_at, ref_at)
    salute_at = _first(blocks, lambda b: b.is_single_line and bool(_SALUTATION.match(b.text)), ref_end)
    header = blocks[ref_end:salute_at] if salute_at < len(blocks) else []
    dated, address = _date_and_address(blocks[ref_at:ref_end], header)
    body_start = salute_at + 1 if salute_at < len(blocks) else ref_end
    annex_at = _first(blocks, _is_annex_heading, body_start)
    close_at = _first(blocks[:annex_at], lambda b: bool(_CLOSING_FORMULA.match(b.text)), body_start)
    body_end = min(close_at + 1, annex_at)
    paragraphs, questions = body_sections(blocks[body_start:body_end])
    annex_heading, annex = _annex(blocks[annex_at + 1:]) if annex_at < len(blocks) else (None, [])
    return Letter(
        prelude=[b.text for b in blocks[:start]],
        letterhead=blocks[head_at] if head_at < ref_at else None,
        reference=reference,
        date_sent=dated,
        address=address,
        salutation=blocks[salute_at].text if salute_at < len(blocks) else None,
        paragraphs=paragraphs + annex,
        questions=questions,
        signatures=signature_blocks(blocks[body_end:annex_at]),
        annex_heading=annex_heading,
        annex_label=blocks[annex_at].text if annex_at < len(blocks) else None,
    )


def _first(blocks: list[Block], test: Callable[[Block], bool], start: int) -> int:
    """Index of the first block from `start` that passes `test`, or len(blocks)."""
    return next((i for i in range(start, len(blocks)) if test(blocks[i])), len(blocks))


def _unreferenced_start(blocks: list[Block]) -> int:
    """Where a letter with neither reference nor letterhead starts: its salutation, or the date line just above it."""
    salute_at = _first(blocks, lambda b: b.is_single_line and bool(_SALUTATION.match(b.text)), 0)
    if salute_at == len(blocks):
        raise ImportFailure("no letter found: expected a reference line such as 'REFERENCE: AL OTH 102/2021', a "
                            "letterhead ('Mandates of the …') or a salutation such as 'Excellency,' on a line of its "
                            "own")
    dated = salute_at > 0 and blocks[salute_at - 1].is_single_line and _date(blocks[salute_at - 1].text.strip())
    return salute_at - 1 if dated else salute_at


def _reference(blocks: list[Block], at: int) -> tuple[ParsedReference | None, int]:
    """The reference after 'REFERENCE:' (or, lacking the label, a bare one near the top); None when there is none."""
    if at < len(blocks):
        before, text = REFERENCE_LABEL.split(blocks[at].text, maxsplit=1)
        end = at + 1
        if not text.strip() and end < len(blocks):
            text, end = blocks[end].text, end + 1
        if found := find_date(text):  # a date printed on the reference's line (right-aligned in the PDF)
            text = (text[: found[1]] + " " + text[found[2]:]).strip()
        parsed = parse_reference_line(text)
        if before.strip():  # never dropped silently
            parsed.notes.append(f"The words “{before.strip()}”, printed in the same paragraph before the reference's "
                                "label, are not in the draft; if they are the letterhead, put them under letterhead.")
        return parsed, end
    for i, block in enumerate(blocks[:30]):
        for line in block.lines:
            if _BARE.match(line.strip()):
                return parse_reference_line(line.strip()), i + 1
    return None, 0


def parse_reference_line(text: str) -> ParsedReference:
    """'AL OTH 102/2021', 'UA Housing (2000-9) … SYR 3/2014' or 'OL SLV 8.2021' -> the reference."""
    text = " ".join(text.split())
    match = _TRAILING.search(text)
    if not match:
        raise ImportFailure(f"no reference found in the reference line {text!r}; expected TYPE CODE NUMBER/YEAR")
    before = text[: match.start()].split()
    kind = next((token for token in (before[-1:] + before[:1]) if token in TYPES), None)
    if kind is None:
        raise ImportFailure(f"no communication type ({', '.join(TYPES)}) in the reference line {text!r}")
    code, number, separator, year = match.groups()
    try:
        reference = parse_reference(f"{kind} {code} {number}/{year}")
    except ValueError as exc:
        raise ImportFailure(f"the reference line {text!r} gives no valid reference: {exc}") from None
    notes = []
    codes = " ".join(before[1:] if before[0] == kind and before[-1] != kind else before[:-1])
    if codes:
        notes.append(f"The reference line reads “{text}”: the words “{codes}” between the type and the "
                     f"reference are internal file codes, not part of the reference {reference}.")
    if separator == ".":
        notes.append(f"The reference is printed “{kind} {code} {number}.{year}”, with a dot for the slash; "
                     f"it is recorded as {reference}.")
    return ParsedReference(reference, text, notes)


def _date_and_address(reference: list[Block], after: list[Block]) -> tuple[date | None, list[str]]:
    """The date line (after the reference, or in its block) and the other lines before the salutation."""
    found: date | None = None
    others: list[str] = []
    for line in [line.strip() for block in after for line in block.lines]:
        if found is None and (day := _date(line)):
            found = day
        else:
            others.append(line)
    if found is None:
        found = next((day for block in reference for line in block.lines if (day := _date(line.strip()))), None)
    return found, others


def _date(line: str) -> date | None:
    """A date line; or a date at the end of the reference's line ('AL CHN 18/2020 12 March 2021')."""
    if day := read_date(line):
        return day
    found = find_date(line)
    return found[0] if found and found[2] == len(line.rstrip(". ")) and _TRAILING.search(line[: found[1]]) else None


def _salutation_apart(blocks: list[Block]) -> list[Block]:
    """A salutation printed at the end of another line ('31 January 2014 Excellency,') becomes its own block."""
    out = []
    for block in blocks:
        alone = block.is_single_line and not _SALUTATION.match(block.text)
        match = _SALUTATION_AT_END.match(block.text) if alone else None
        if match and (read_date(match["before"]) or _TRAILING.search(match["before"])):
            out += [Block([match["before"]], repairs=block.repairs), Block([match["salutation"]])]
        else:
            out.append(block)
    return out


def _is_annex_heading(block: Block) -> bool:
    return (block.kind == "heading" or block.is_single_line) and bool(_ANNEX.match(block.text)) \
        and not ends_sentence(block.text)


def _annex(blocks: list[Block]) -> tuple[str | None, list[Paragraph]]:
    """The annex's own heading, if it has one, and its paragraphs."""
    heading = None
    if blocks and (blocks[0].kind == "heading" or (blocks[0].is_single_line and not ends_sentence(blocks[0].text)
                                                   and len(blocks[0].text) < 120)):
        heading, blocks = blocks[0].text, blocks[1:]
    return heading, [Paragraph("annex", b, _style(b)) for b in blocks]


def _style(block: Block) -> str:
    return {"bullet": "list-item", "heading": "heading", "numbered": "list-item"}.get(block.kind, "paragraph")


def body_sections(blocks: list[Block]) -> tuple[list[Paragraph], list[Block]]:
    """Each body paragraph with its section kind; the numbered questions apart."""
    section = "opening"
    paragraphs: list[Paragraph] = []
    questions: list[Block] = []
    for block in blocks:
        if block.kind == "numbered" and (section == "questions" or _ASKS.search(block.text)):
            questions.append(block)  # a numbered request is a question wherever the letter puts it
            continue
        section = _next_section(section, block.text, after_questions=bool(questions))
        if block.kind == "numbered":
            block.lines[0] = f"{block.number}. {block.lines[0]}"
        paragraphs.append(Paragraph(section, block, _style(block)))
    return paragraphs, questions


def _next_section(current: str, text: str, after_questions: bool) -> str:
    """The section this paragraph opens, or the current one: sections only move forward."""
    if current == "questions" and after_questions:
        return "closing"
    later = SECTION_ORDER[SECTION_ORDER.index(current) + 1:]
    return next((kind for kind in reversed(later) if re.search(SECTION_PHRASES[kind], text)), current)


def signature_blocks(blocks: list[Block]) -> list[Block]:
    """The signatures: a name line and title lines each; a lone name line takes the block after it."""
    out: list[Block] = []
    pending: Block | None = None
    for block in blocks:
        if block.kind not in ("text", "bullet"):
            continue
        if pending is not None:
            out.append(Block(pending.lines + block.lines, repairs=pending.repairs + block.repairs))
            pending = None
        elif len(block.lines) == 1:
            pending = block
        else:
            out.append(block)
    return out


def signatory_title(block: Block, name: str) -> tuple[str, list[PendingRepair]]:
    """The title under a signatory's name, its lines joined, with a repair if it was printed over several."""
    lines = block.lines[1:]
    title = " ".join(" ".join(lines).split())
    if len(lines) < 2:
        return title, []
    shown = " / ".join(f"“{line.strip()}”" for line in lines)
    count = {2: "two", 3: "three"}.get(len(lines), str(len(lines)))
    return title, [PendingRepair("other", f"The title under the name is printed over {count} lines, {shown}; "
                                          "the lines are joined with one space.")]
