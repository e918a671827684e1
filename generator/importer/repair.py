"""Stage 3 of an import: repair page-break artefacts, listing every repair.

Page furniture (page numbers, running headers, footnotes at a page foot) is taken out of
the text; where it stood between two halves of a sentence, the halves are joined again.
A paragraph split across pages, and a word hyphenated at a line end, are joined too. Each
change becomes a PendingRepair on the block it changed, so that the draft can name the
paragraph once ids are given.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .blocks import DOCUMENT_NUMBER, MARKER, Block, PendingRepair, ends_sentence, is_page_number

MAX_HEADER_CHARS = 80
_FOOTNOTE_START = re.compile("^(?:\u27e6([0-9]{1,3})\u27e7|([0-9]{1,2})(?=\\s+\\S))\\s*")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^([a-z]+)")


@dataclass
class Repaired:
    """The letter's blocks after repair, its footnotes by number, and the running headers removed."""

    blocks: list[Block]
    footnotes: dict[int, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)


def repair(blocks: list[Block]) -> Repaired:
    """Take out page furniture, rejoin what it split, undo line-end hyphenation."""
    blocks = drop_page_numbers(blocks)
    blocks, footnotes = take_footnotes(blocks)
    blocks, headers = drop_running_headers(blocks)
    blocks = rejoin(blocks)
    vocabulary = Counter(word for block in blocks for word in re.findall(r"[\w-]+", block.text.lower()))
    for block in blocks:
        dehyphenate(block, vocabulary)
    return Repaired(blocks, footnotes, headers)


def drop_page_numbers(blocks: list[Block]) -> list[Block]:
    """Page-number lines become furniture; one inside a block's lines is a repair of that block."""
    out = []
    for block in blocks:
        if block.kind not in ("text", "numbered", "bullet") or not any(is_page_number(ln) for ln in block.lines):
            out.append(block)
            continue
        lines = list(block.lines)
        lead = _edge_numbers(lines)
        trail = list(reversed(_edge_numbers(lines[::-1]))) if len(lead) < len(lines) else []
        middle = lines[len(lead): len(lines) - len(trail)]
        out += [_page_number(line) for line in lead]
        inside = [line for line in middle if is_page_number(line)]
        if middle:
            block.lines = [line for line in middle if not is_page_number(line)]
            numbers = ", ".join(f"“{line}”" for line in inside)
            if inside:
                block.repairs.append(PendingRepair("page-number", f"The page furniture {numbers} printed among this "
                                                                  "paragraph's lines is removed."))
            out.append(block)
        out += [_page_number(line) for line in trail]
    return out


def _edge_numbers(lines: list[str]) -> list[str]:
    """The page-number lines at the start of `lines`; a numbered item's first line is never one."""
    edge = []
    for line in lines:
        if not is_page_number(line):
            break
        edge.append(line)
    return edge


def _page_number(line: str) -> Block:
    what = "document number" if DOCUMENT_NUMBER.match(line.strip()) else "page number"
    return Block([f"{what} “{line.strip()}”"], "furniture-page-number")


def drop_running_headers(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Short one-line blocks repeated on several pages, or standing inside a sentence, become furniture."""
    counts = Counter(b.text for b in blocks if _header_shaped(b))
    headers: list[str] = []
    out = []
    for i, block in enumerate(blocks):
        if _header_shaped(block) and (counts[block.text] > 1 or _inside_sentence(blocks, i)):
            headers.append(block.text)
            out.append(Block([f"running header “{block.text}”"], "furniture-running-header"))
        else:
            out.append(block)
    return out, headers


def _header_shaped(block: Block) -> bool:
    text = block.text
    return (block.is_single_line and len(text) <= MAX_HEADER_CHARS and not ends_sentence(text)
            and not MARKER.match(text) and not text[:1].islower())


def _inside_sentence(blocks: list[Block], i: int) -> bool:
    before = next((b for b in reversed(blocks[:i]) if _is_content(b)), None)
    after = next((b for b in blocks[i + 1:] if _is_content(b)), None)
    return before is not None and after is not None and _continues(before, after)


def _is_content(block: Block) -> bool:
    return block.kind in ("text", "numbered", "bullet", "heading")


def _continues(before: Block, after: Block) -> bool:
    """True when `after` carries on the sentence `before` leaves unfinished."""
    return (after.kind == "text" and before.kind != "heading" and bool(before.lines) and not ends_sentence(before.text)
            and after.text[:1].islower())


def take_footnotes(blocks: list[Block]) -> tuple[list[Block], dict[int, str]]:
    """Footnote blocks (after a rule, or numbered as the next footnote) leave the text; return their texts."""
    footnotes: dict[int, str] = {}
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        after_rule = block.kind == "rule"
        start = i + 1 if after_rule else i
        taken = _footnote_run(blocks, start, footnotes, out)
        if taken:
            numbers = ", ".join(str(n) for n in taken)
            label = "footnote separator and " if after_rule else ""
            out.append(Block([f"{label}footnote {numbers}"], "furniture-footnote"))
            i = start + len(taken)
            continue
        out.append(block)
        i += 1
    return out, footnotes


def _footnote_run(blocks: list[Block], start: int, footnotes: dict[int, str], before: list[Block]) -> list[int]:
    """Numbers of the footnote blocks from `start` on, recording each text in `footnotes`."""
    taken: list[int] = []
    for block in blocks[start:]:
        expected = max(footnotes, default=0) + 1
        number = _footnote_number(block)
        if number != expected or not _marked_before(number, before):
            break
        footnotes[number] = _FOOTNOTE_START.sub("", block.text, count=1)
        taken.append(number)
    return taken


def _footnote_number(block: Block) -> int | None:
    if block.kind != "text" or not block.lines:
        return None
    match = _FOOTNOTE_START.match(block.lines[0])
    return int(match[1] or match[2]) if match else None


def _marked_before(number: int, before: list[Block]) -> bool:
    """The text before it carries the marker: explicit, or the number glued to a word or punctuation."""
    return any(footnote_marker(number).search(b.text) for b in before if _is_content(b))


def footnote_marker(number: int) -> re.Pattern[str]:
    """Footnote `number`'s marker: MARK(n), or the number glued to a word or punctuation in plain text."""
    return re.compile(f"\u27e6{number}\u27e7|(?<=[A-Za-z.,;:”’\")]){number}(?=\\s|$)")


def rejoin(blocks: list[Block]) -> list[Block]:
    """Join the halves of sentences split by a page break or by furniture; record each repair."""
    out: list[Block] = []
    furniture: list[Block] = []
    for block in blocks:
        if not _is_content(block):
            furniture.append(block)
            continue
        before = out[-1] if out else None
        if before is not None and _continues(before, block):
            before.repairs += _join_repairs(before, furniture, block) + block.repairs
            before.lines += block.lines
        else:
            block.repairs = [_furniture_repair(f, "Before") for f in furniture if _is_repairable(f)] + block.repairs
            out.append(block)
        furniture = []
    if out:
        out[-1].repairs += [_furniture_repair(f, "After") for f in furniture if _is_repairable(f)]
    return out


def _is_repairable(furniture: Block) -> bool:
    return furniture.kind.startswith("furniture-")


PRIORITY = ["footnote", "running-header", "page-number"]


def _join_repairs(before: Block, furniture: list[Block], after: Block) -> list[PendingRepair]:
    """One repair for the join, named by the weightiest furniture; one more for each other piece removed."""
    shown = sorted((f for f in furniture if _is_repairable(f)),
                   key=lambda f: PRIORITY.index(f.kind.removeprefix("furniture-")))
    middle = "".join(f" / {f.lines[0]}" for f in furniture if _is_repairable(f))
    if not shown:
        kind, removed = "paragraph-split", ""
    else:
        first = shown[0].kind.removeprefix("furniture-")
        kind = "footnote-split" if first == "footnote" else first
        removed = f"the {shown[0].lines[0]} is removed (see also below) and " if len(shown) > 1 else \
            f"the {shown[0].lines[0]} is removed and "
    repairs = [PendingRepair(kind, f"The source breaks this text: “{_tail(before.text)}”{middle} / "
                                   f"“{_head(after.text)}”; {removed}the halves are joined with one space.")]
    for piece in shown[1:]:
        repairs.append(PendingRepair(piece.kind.removeprefix("furniture-").replace("footnote", "other"),
                                     f"At the same break the source prints the {piece.lines[0]}; it is removed."))
    return repairs


def _furniture_repair(furniture: Block, where: str) -> PendingRepair:
    kind = furniture.kind.removeprefix("furniture-")
    kind = "other" if kind == "footnote" else kind
    moved = " (the footnote goes to the footnotes)" if kind == "other" else ""
    return PendingRepair(kind, f"{where} this paragraph the source has page furniture, the {furniture.lines[0]}; "
                               f"it is removed{moved}.")


def _tail(text: str, words: int = 6) -> str:
    """The last words of a text, with an ellipsis before them when there are more."""
    all_words = MARKER.sub("", text).split()
    return ("…" if len(all_words) > words else "") + " ".join(all_words[-words:])


def _head(text: str, words: int = 6) -> str:
    """The first words of a text, with an ellipsis after them when there are more."""
    all_words = MARKER.sub("", text).split()
    return " ".join(all_words[:words]) + ("…" if len(all_words) > words else "")


def dehyphenate(block: Block, vocabulary: Counter[str]) -> None:
    """Join words hyphenated at a line end; keep the hyphen where the text elsewhere writes it."""
    lines = block.lines
    i = 0
    while i < len(lines) - 1:
        end, start = _HYPHEN_END.search(lines[i]), _WORD_START.match(lines[i + 1])
        if not (end and start):
            i += 1
            continue
        first, second = end[1], start[1]
        keep = vocabulary[f"{first}-{second}".lower()] > 0 and vocabulary[f"{first}{second}".lower()] == 0
        joined = f"{first}-{second}" if keep else f"{first}{second}"
        lines[i] = lines[i][: end.start()] + joined + lines[i + 1][start.end():]
        del lines[i + 1]
        how = "the hyphen is kept, as the text writes it elsewhere" if keep else "joined without the hyphen"
        block.repairs.append(PendingRepair("hyphenation", f"“{first}-” / “{second}” at a line end: {how}, "
                                                          f"“{joined}”."))
