"""A minimal PDF writer for tests: pages of plain text lines in Helvetica, no dependencies."""

from __future__ import annotations

LINE_HEIGHT = 14
TOP = 800


def _escaped(text: str) -> bytes:
    """A PDF literal string body in WinAnsi (Latin-1) encoding, with (, ) and \\ escaped."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(lines: list[str]) -> bytes:
    """Content stream drawing each line at its own height; an empty line leaves a gap."""
    out = [b"BT", b"/F1 10 Tf"]
    y = TOP
    for line in lines:
        if line:
            out.append(b"1 0 0 1 56 %d Tm (" % y + _escaped(line) + b") Tj")
        y -= LINE_HEIGHT
    out.append(b"ET")
    return b"\n".join(out)


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A valid PDF with one page per list of lines."""
    objects: list[bytes] = []
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count)).encode()
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count)
    objects.append(font)
    for i, lines in enumerate(pages):
        stream = _page_stream(lines)
        content_id = 5 + 2 * i
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body
