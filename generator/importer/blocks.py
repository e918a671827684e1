"""Stage 2 of an import: lines become blocks (paragraphs, headings, list items, rules, page breaks).

Markdown markup is dropped here, keeping the words, and each kind of markup dropped is
reported so that the draft's transcription notes can say so. A footnote marker, however it
was printed, becomes MARK(n) so that later stages can anchor it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .read import PAGE_BREAK

MARK = "\u27e6{}\u27e7"
MARKER = re.compile("\u27e6([0-9]{1,3})\u27e7")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|—{2,})$")
_BULLET = re.compile(r"^[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^([0-9]{1,2})\.\s+(.*)$")
_LETTERED = re.compile(r"^\(?[a-z]\)\s+\S")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_SUP = re.compile(r"<sup>\s*([0-9]{1,3})\s*</sup>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# A run of backslashes before a punctuation mark: conversions sometimes escape the escape ("\\_").
_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!<>|])")
_PAGE_NUMBER = re.compile(r"^(?:[Pp]age\s+|[Pp]ágina\s+)?[0-9]{1,3}(?:\s*(?:/|of|sur|de)\s*[0-9]{1,3})?$")
DOCUMENT_NUMBER = re.compile(r"^GE\.[0-9]{2}-[0-9]{4,6}\s*\([A-Z]\)(?:\s+[0-9]{6}\s+[0-9]{6})?(?:\s*\*[0-9]+\*)?")
"""The UN document number printed in a page's footer, e.g. 'GE.21-04567(E)' (with its dates and barcode digits)."""
_ENDS_SENTENCE = re.compile(r"[.:;?!][”’\"')\]]*$")


@dataclass
class PendingRepair:
    """A repair made before the paragraph it belongs to has an id."""

    kind: str
    description: str


@dataclass
class Block:
    """A run of lines the source sets together: a paragraph, heading, list item, rule or page break."""

    lines: list[str]
    kind: str = "text"
    number: int | None = None
    repairs: list[PendingRepair] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block's words on one line, single-spaced."""
        return " ".join(" ".join(self.lines).split())

    @property
    def is_single_line(self) -> bool:
        return len(self.lines) == 1 and self.kind == "text"


def ends_sentence(text: str) -> bool:
    """True when the text ends with final punctuation (a closing quotation mark may follow)."""
    return bool(_ENDS_SENTENCE.search(text.rstrip()))


def is_page_number(line: str) -> bool:
    """A line of page furniture that numbers the page: '3', '2/7', 'Page 2 of 7' ('Page 2 sur 7', 'Página 2 de 7'),
    the footer's 'GE.21-04567(E)',
    or both on one line, as a PDF's text gives a footer printed left and right."""
    text = line.strip()
    document = DOCUMENT_NUMBER.match(text)
    rest = text[document.end():].strip() if document else text
    return (bool(document) and not rest) or bool(_PAGE_NUMBER.match(rest))


def markdown_blocks(lines: list[str]) -> tuple[list[Block], list[str]]:
    """Blocks of a Markdown letter, and the kinds of markup dropped (with any link targets lost)."""
    dropped: dict[str, None] = {}
    blocks: list[Block] = []
    current: Block | None = None
    for raw in lines:
        hard_break = raw.endswith(("  ", "\\"))
        line = raw.rstrip().removesuffix("\\").rstrip()
        if hard_break and line:
            dropped["Markdown hard line breaks"] = None
        if not line.strip() or line == PAGE_BREAK:
            current = None
            continue
        block, text = _markdown_line(line.strip(), dropped)
        if block is not None:
            block.lines = [inline_markdown(text, dropped)]
            blocks.append(block)
            current = block if block.kind in ("bullet", "numbered") else None
            continue
        if current is None:
            current = Block([])
            blocks.append(current)
        current.lines.append(inline_markdown(text, dropped))
    return blocks, list(dropped)


def _markdown_line(line: str, dropped: dict[str, None]) -> tuple[Block | None, str]:
    """A new block if the line starts one (heading, rule, list item), and the line's text."""
    if match := _HEADING.match(line):
        dropped[f"the heading markers ({match[1]})"] = None
        return Block([], "heading"), match[2]
    if _RULE.match(line):
        dropped[f"the horizontal rule ({line})"] = None
        return Block([], "rule"), ""
    if match := _BULLET.match(line):
        dropped["the Markdown bullet (“- ”) before list items"] = None
        return Block([], "bullet"), match[1]
    if match := _NUMBERED.match(line):
        dropped["the Markdown numbering of list items (kept as their numbers)"] = None
        return Block([], "numbered", int(match[1])), match[2]
    return None, line


def inline_markdown(text: str, dropped: dict[str, None]) -> str:
    """Text without inline Markdown: bold, superscript markers, links and backslash escapes."""
    if _BOLD.search(text):
        dropped["bold markers (**)"] = None
        text = _BOLD.sub(lambda m: m[1] or m[2], text)
    if _SUP.search(text):
        dropped["superscript footnote markers (<sup>…</sup>; the footnotes are anchored instead)"] = None
        text = _SUP.sub(lambda m: MARK.format(int(m[1])), text)
    for match in _LINK.finditer(text):
        label, target = _ESCAPE.sub(r"\1", match[1]), match[2]
        if target == label:
            dropped[f"the Markdown link around the address “{label}” (the address is kept once, as plain text)"] = None
        elif target:
            where = "is lost" if target == "#" else f"“{target}” is not kept"
            dropped[f"the Markdown link on “{label}” (its target {where})"] = None
    text = _LINK.sub(lambda m: m[1], text)
    if _ESCAPE.search(text):
        dropped["backslash escapes (e.g. “\\_” for “_”)"] = None
        text = _ESCAPE.sub(r"\1", text)
    return text


def text_blocks(lines: list[str]) -> list[Block]:
    """Blocks of a plain-text letter (or a PDF's text): blank lines part them, list items start new ones."""
    blocks: list[Block] = []
    current: Block | None = None
    for raw in lines:
        line = " ".join(raw.split())
        if raw.strip() == PAGE_BREAK or raw == PAGE_BREAK:
            blocks.append(Block([], "page-break"))
            current = None
            continue
        if not line:
            current = None
            continue
        if _RULE.match(line) or re.fullmatch(r"_{5,}", line):
            blocks.append(Block([], "rule"))
            current = None
            continue
        if current is not None and _starts_item(line, current.lines[-1]):
            current = None
        if current is None:
            current = _text_block(line)
            blocks.append(current)
        else:
            current.lines.append(line)
    return blocks


def _starts_item(line: str, previous: str) -> bool:
    """A numbered or lettered item starting on its own line after a finished one."""
    return bool((_NUMBERED.match(line) or _LETTERED.match(line)) and ends_sentence(previous))


def _text_block(line: str) -> Block:
    if (match := _NUMBERED.match(line)) and not is_page_number(line):
        return Block([match[2]], "numbered", int(match[1]))
    if _LETTERED.match(line):
        return Block([line], "bullet")
    return Block([line])
