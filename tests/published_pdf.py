"""A SYNTHETIC letter as a PDF laid out like published ones, written with fpdf2 for the importer's tests.

Page furniture as the UN prints it: the letterhead, the reference on the left and the date
right-aligned on the same line, a footer with the document number on the left and
"Page N of M" on the right, and each footnote at the foot of its page under a short rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fpdf import FPDF

DOCUMENT_NUMBER = "GE.21-04567(E)"


@dataclass
class Page:
    paragraphs: list[str]
    footnotes: list[str] = field(default_factory=list)


class _Letter(FPDF):
    def __init__(self, document_number: str, page_label: str) -> None:
        super().__init__(format="A4")
        self.document_number, self.page_label = document_number, page_label

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=8)
        self.cell(0, 5, self.document_number, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.page_label.format(page=self.page_no(), pages="{nb}"), align="R")


def letter_pdf(letterhead: str, reference: str, dated: str, salutation: str, pages: list[Page], *,
               label: str = "REFERENCE:", page_label: str = "Page {page} of {pages}",
               document_number: str = DOCUMENT_NUMBER) -> bytes:
    """The PDF: a header on the first page, then each page's paragraphs and footnotes (French: label 'RÉFÉRENCE :',
    page_label 'Page {page} sur {pages}'; Spanish: 'REFERENCIA:', 'Página {page} de {pages}')."""
    pdf = _Letter(document_number, page_label)
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(False)
    for number, page in enumerate(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        if number == 0:
            pdf.set_font("helvetica", style="B", size=10)
            pdf.multi_cell(0, 5, letterhead, align="C")
            pdf.set_font("helvetica", size=10)
            pdf.ln(6)
            y = pdf.get_y()
            pdf.cell(0, 5, f"{label} {reference}", align="L")
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(0, 5, dated, align="R")
            pdf.ln(12)
            pdf.cell(0, 5, salutation)
            pdf.ln(10)
        for paragraph in page.paragraphs:
            pdf.multi_cell(0, 5, paragraph)
            pdf.ln(4)
        if page.footnotes:
            pdf.set_y(-40)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 40, pdf.get_y())
            pdf.ln(2)
            pdf.set_font("helvetica", size=8)
            for footnote in page.footnotes:
                pdf.multi_cell(0, 4, footnote)
    return bytes(pdf.output())
