"""`sp-archive import DIR`: every letter in a folder drafted, none overwritten, and a summary of what needs an editor.

Each file (.md, .txt, .pdf, in name order, sub-folders included) is drafted as `import FILE`
would; a file that cannot be drafted is refused with its reason and the others go on. The
summary table says, for each file, where its draft went and how many FILL IN values and
notes it left, or why it was refused. Exit status 1 when any file was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImportFailure
from ..util.progress import Progress
from . import SourceFile, import_letter, read_source
from .resolve import load_catalogue

LETTER_SUFFIXES = (".md", ".txt", ".pdf")


@dataclass(frozen=True)
class Outcome:
    """What became of one file: drafted (with what is left) or refused (with why)."""

    file: Path
    draft: Path | None = None
    fill_in: int = 0
    notes: int = 0
    refused: str | None = None

    @property
    def status(self) -> str:
        if self.refused is not None:
            return "refused"
        return "needs attention" if self.fill_in or self.notes else "drafted"


def letters_in(folder: Path) -> list[Path]:
    """The letter files under `folder`, in name order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in LETTER_SUFFIXES)


def import_folder(folder: Path, content: Path, progress: Progress | None = None) -> list[Outcome]:
    """Draft every letter under `folder` into `content`; one outcome per file, refusals included.

    Letters first, then replies (each in name order): a reply's draft names the letter it answers
    and its sender from that letter, so the letters of the same folder must be in content/ by then.
    Each file is read once, and content/'s catalogues are loaded once.
    """
    catalogue = load_catalogue(content)
    outcomes: list[Outcome] = []
    replies: list[tuple[Path, SourceFile]] = []

    def draft(file: Path, read: SourceFile | None) -> None:
        try:
            made = import_letter(file, content, read=read or read_source(file), catalogue=catalogue)
        except ImportFailure as exc:
            outcomes.append(Outcome(file, refused=str(exc)))
        except OSError as exc:
            outcomes.append(Outcome(file, refused=f"cannot read it: {exc.strerror or exc}"))
        else:
            outcomes.append(Outcome(file, made.path, len(made.record.unknown), len(made.record.notes)))
        if progress is not None:
            progress.advance()

    for file in letters_in(folder):
        try:
            read = read_source(file)
        except (ImportFailure, OSError):
            draft(file, None)  # refused with its reason, in its place among the letters
            continue
        if read.is_reply:
            replies.append((file, read))
        else:
            draft(file, read)
    for file, read in replies:
        draft(file, read)
    if progress is not None:
        progress.close()
    return outcomes


def summary(outcomes: list[Outcome], shown: Callable[[Path], str] = str) -> list[str]:
    """The table printed at the end, then one line of totals."""
    lines = ["| file | status | draft | FILL IN | notes | reason refused |", "|---|---|---|---|---|---|"]
    for o in outcomes:
        reason = (o.refused or "").replace("|", "\\|")
        draft = shown(o.draft) if o.draft else ""
        lines.append(f"| {shown(o.file)} | {o.status} | {draft} | {o.fill_in if o.draft else ''} | "
                     f"{o.notes if o.draft else ''} | {reason} |")
    counts = {status: sum(1 for o in outcomes if o.status == status)
              for status in ("drafted", "needs attention", "refused")}
    lines.append(f"{len(outcomes)} file(s): {counts['drafted']} drafted, {counts['needs attention']} need attention, "
                 f"{counts['refused']} refused")
    return lines
