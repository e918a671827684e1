"""Stage 1 of an import: a published letter's file becomes lines of text (Markdown, plain text or PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ImportFailure

PAGE_BREAK = "\f"
FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text", ".pdf": "pdf"}
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class SourceText:
    """The letter's lines as read, and the format they were read from."""

    file: Path
    format: str
    lines: list[str]


def read_letter(file: Path) -> SourceText:
    """Read a letter as published; raise ImportFailure for unreadable or unknown files."""
    data = _bytes(file)
    kind = letter_format(file, data)
    if kind == "pdf":
        return SourceText(file, kind, pdf_lines(data, file))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailure(f"{file}: not UTF-8 text; save the letter as UTF-8 (or import the PDF)") from None
    return SourceText(file, kind, text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def letter_format(file: Path, data: bytes) -> str:
    """'markdown', 'text' or 'pdf', from the file's suffix (a PDF is also known by its first bytes)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    kind = FORMATS.get(file.suffix.lower())
    if kind is None or kind == "pdf":
        known = ", ".join(sorted(FORMATS))
        raise ImportFailure(f"{file}: unknown format {file.suffix or '(no suffix)'!r}; expected one of {known}")
    if b"\x00" in data:
        raise ImportFailure(f"{file}: binary data in a {kind} file; give the letter as text, Markdown or PDF")
    return kind


def pdf_lines(data: bytes, file: Path) -> list[str]:
    """The text of each page in reading order, pages separated by a form feed line."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError  # pypdf raises these, and plain Python errors, on damaged files

    try:
        reader = PdfReader(io.BytesIO(data))
        # Layout mode keeps the blank lines between paragraphs that the plain mode drops.
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError) as exc:
        raise ImportFailure(f"{file}: cannot read the PDF ({exc}); is it damaged or encrypted?") from None
    if not any(page.strip() for page in pages):
        raise ImportFailure(f"{file}: the PDF has no text layer (a scan?); transcribe it by hand with 'sp-archive new'")
    lines: list[str] = []
    for number, page in enumerate(pages):
        if number:
            lines.append(PAGE_BREAK)
        lines += [" ".join(line.split()) for line in page.split("\n")]
    return lines


def _bytes(file: Path) -> bytes:
    try:
        if file.stat().st_size > MAX_BYTES:
            raise ImportFailure(f"{file}: larger than {MAX_BYTES // 1_000_000} MB; is this one letter?")
        return file.read_bytes()
    except FileNotFoundError:
        raise ImportFailure(f"{file}: no such file") from None
    except IsADirectoryError:
        raise ImportFailure(f"{file}: is a folder; give the letter's file") from None
    except OSError as exc:
        raise ImportFailure(f"{file}: cannot read it ({exc.strerror or exc})") from None
