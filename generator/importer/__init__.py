"""`sp-archive import`: a letter or a reply as published (Markdown, plain text or PDF) becomes a DRAFT record.

The stages, one module each: read (file -> lines), blocks (lines -> blocks, markup
dropped), repair (page-break artefacts, every repair listed), parse (header, sections,
questions, signatories, annex), resolve (mandates, norms, countries, other letters against
content/), draft (the record), write (YAML, never overwriting); a reply (a State's note
verbale, a company's letter) is told apart after repair and drafted by reply. bulk drafts a
folder. compare measures a draft against a hand-made record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..errors import ImportFailure
from ..model.language import unaccented
from ..model.reference import parse_reference
from .blocks import markdown_blocks, text_blocks
from .draft import DraftRecord, draft_record
from .parse import parse_letter
from .read import SourceText, read_letter
from .repair import Repaired, repair
from .reply import draft_reply, is_reply
from .resolve import Catalogue, load_catalogue
from .write import write_draft, yaml_document

__all__ = ["Draft", "SourceFile", "draft_letter", "import_letter", "read_source"]

COMMENTS = [
    "DRAFT made by `sp-archive import` from {name}. Check every value against the published",
    "letter, replace every FILL IN value (`sp-archive validate` lists those left), and read",
    "transcription.repairs and transcription.notes. Allegations are left for an editor to add.",
]


REPLY_COMMENTS = [
    "DRAFT reply made by `sp-archive import` from {name}. Check every value against the published",
    "reply, replace every FILL IN value (`sp-archive validate` lists those left), and read transcription.notes.",
]


@dataclass(frozen=True)
class Draft:
    """A drafted record: where it goes, its YAML text, and what the import repaired and could not settle."""

    path: Path
    text: str
    record: DraftRecord

    def summary(self) -> list[str]:
        """Lines for the command line: the repairs made, and what is left to fill in."""
        repairs = self.record.repairs
        lines = [f"{len(repairs)} repair(s) of page-break artefacts:"] if repairs else ["no repairs"]
        lines += [f"  {r['where']}: {r['kind']}" for r in repairs]
        unknown = self.record.unknown
        lines.append(f"{len(unknown)} value(s) to fill in:" if unknown else "nothing left to fill in")
        lines += [f"  {hint}" for hint in unknown]
        lines.append(f"{len(self.record.notes)} note(s) under transcription.notes; read them before validating")
        return lines


@dataclass(frozen=True)
class SourceFile:
    """A file as read: its text, its blocks with page furniture repaired, and the Markdown markup dropped."""

    source: SourceText
    repaired: Repaired
    markup: list[str]

    @property
    def is_reply(self) -> bool:
        """A reply (note verbale, company letter) rather than a communication."""
        return is_reply(self.repaired.blocks)


def read_source(file: Path) -> SourceFile:
    """Read and repair `file`; ImportFailure (or OSError) when it cannot be read."""
    source = read_letter(file)
    if source.format == "markdown":
        blocks, markup = markdown_blocks(source.lines)
    else:
        blocks, markup = text_blocks(source.lines), []
    return SourceFile(source, repair(blocks), markup)


def draft_letter(file: Path, content: Path, output: Path | None = None, *, read: SourceFile | None = None,
                 catalogue: Catalogue | None = None) -> Draft:
    """Read, repair and parse the letter in `file`; return its draft record without writing anything.

    `read` and `catalogue`, when given, are the file already read and content/'s catalogues already loaded
    (a bulk import reads each file once and the catalogues once)."""
    read = read or read_source(file)
    source, repaired, markup = read.source, read.repaired, read.markup
    catalogue = catalogue or load_catalogue(content)
    comments = [line.format(name=file.name) for line in COMMENTS]
    if is_reply(repaired.blocks):
        reply = draft_reply(source, repaired.blocks, catalogue)
        path = output or content / reply_path(reply.record)
        comments = [line.format(name=file.name) for line in REPLY_COMMENTS]
        return Draft(path, yaml_document(reply.record, path, content, comments, "reply"), reply)
    letter = parse_letter(repaired.blocks)
    record = draft_record(source, letter, repaired, catalogue, markup)
    if letter.reference is None:
        path = output or content / drafts_path(file)
    else:
        path = output or content / letter.reference.reference.record_path
    return Draft(path, yaml_document(record.record, path, content, comments), record)


DRAFTS = "communications/drafts"
"""Where a letter without a reference is drafted, under content/, until its reference is filled in and it is moved."""


def drafts_path(file: Path) -> str:
    """communications/drafts/<the file's name as a slug>.yaml: the reference, which names a record, is not known."""
    slug = re.sub(r"[^a-z0-9]+", "-", unaccented(file.stem).lower()).strip("-") or "letter"
    return f"{DRAFTS}/{slug}.yaml"


def reply_path(record: dict) -> str:
    """Where a drafted reply goes: replies/YEAR/<letter>--<date>.yaml ('undated' until its date is filled in)."""
    on, letter = record["date"], parse_reference(record["reply_to"])
    if isinstance(on, date):
        return f"replies/{on.year}/{letter.slug}--{on.isoformat()}.yaml"
    return f"replies/{letter.year}/{letter.slug}--undated.yaml"


def import_letter(file: Path, content: Path, output: Path | None = None, *, read: SourceFile | None = None,
                  catalogue: Catalogue | None = None) -> Draft:
    """Draft the letter and write it to its place in content/ (or `output`); never overwrite a file."""
    draft = draft_letter(file, content, output, read=read, catalogue=catalogue)
    if output is None and draft.path.parent == content / DRAFTS:  # two sources of one name: neither is refused
        draft = replace(draft, path=_free(draft.path))
    if draft.path.exists():
        raise ImportFailure(f"{draft.path} already exists; move it away, or give another file with --output")
    write_draft(draft.path, draft.text)
    return draft


def _free(path: Path) -> Path:
    """`path`, or the first of name-2.yaml, name-3.yaml, … that is not taken."""
    number = 2
    free = path
    while free.exists():
        free = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return free
