"""How to cite a letter: plain text, BibTeX, RIS and CSL-JSON, and the `citation_*` tags reference managers read.

Each format is made from the record alone (authors are the mandates that sent it, in the
letter's order; the date is the date sent), so a citation never changes between builds.
The URL is the letter's permanent address: absolute when mkdocs.yml sets `site_url`,
the site-relative path otherwise. Record text is escaped for each format by the format's
own rules here, then for HTML where it is shown.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from .. import urls
from ..link.views import Views, permanent_url
from ..model import Communication
from .text import NL, esc, file_href, in_words, join, link

BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "{": r"\{",
                  "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_"}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in BIBTEX_ESCAPES))
MONTHS_BIBTEX = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def authors(letter: Communication, views: Views) -> list[str]:
    """The mandates the letter was sent by, by title, in the letter's order."""
    return [views.mandates[m.mandate].title if m.mandate in views.mandates else m.mandate for m in letter.mandates]


def title(letter: Communication) -> str:
    """'Allegation letter to Haier Group Corporation (AL OTH 102/2021)'."""
    return f"{letter.ref.type_name} to {letter.addressee.name} ({letter.reference})"


def plain(letter: Communication, views: Views) -> str:
    """One paragraph a reader can paste: who, what, to whom, reference, date, where, as of when."""
    return (
        f"{'; '.join(authors(letter, views))}, {letter.ref.type_name.lower()} to {letter.addressee.name}, "
        f"{letter.reference}, {in_words(letter.date_sent)}. {views.archive.title}, {permanent_url(letter, views)} "
        f"(archive content as of {in_words(views.archive.as_of)})."
    )


def _bib(text: str) -> str:
    """Record text for a BibTeX field: one line, TeX's special characters escaped."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES[m.group(0)], " ".join(text.split()))


def bibtex(letter: Communication, views: Views) -> str:
    """A @misc entry; institutional authors in double braces so no tool splits them into first and last names."""
    key = letter.reference.replace(" ", "-").replace("/", "-")
    fields = [
        ("author", " and ".join(f"{{{_bib(a)}}}" for a in authors(letter, views))),
        ("title", f"{{{_bib(title(letter))}}}"),
        ("year", str(letter.date_sent.year)),
        ("month", MONTHS_BIBTEX[letter.date_sent.month - 1]),
        ("date", letter.date_sent.isoformat()),
        ("howpublished",
         _bib(f"United Nations Human Rights Council Special Procedures, communication {letter.reference}")),
        ("url", _bib(permanent_url(letter, views))),
        ("note", _bib(f"{views.archive.title}, archive content as of {views.archive.as_of.isoformat()}")),
    ]
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def _ris(text: str) -> str:
    return " ".join(text.split())


def ris(letter: Communication, views: Views) -> str:
    """A RIS record of type GEN (generic), one author line per mandate."""
    lines = [("TY", "GEN")] + [("AU", _ris(a)) for a in authors(letter, views)]
    lines += [
        ("TI", _ris(title(letter))),
        ("PY", str(letter.date_sent.year)),
        ("DA", letter.date_sent.strftime("%Y/%m/%d")),
        ("PB", "United Nations Human Rights Council Special Procedures"),
        ("UR", permanent_url(letter, views)),
        ("N1", _ris(f"{views.archive.title}, archive content as of {views.archive.as_of.isoformat()}")),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def csl(letter: Communication, views: Views) -> dict:
    """The letter as one CSL-JSON item (the format of Zotero, Pandoc and citeproc)."""
    day = letter.date_sent
    return {
        "id": letter.reference,
        "type": "document",
        "title": title(letter),
        "author": [{"literal": a} for a in authors(letter, views)],
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "publisher": "United Nations Human Rights Council Special Procedures",
        "number": letter.reference,
        "URL": permanent_url(letter, views),
        "note": f"{views.archive.title}, archive content as of {views.archive.as_of.isoformat()}",
        "language": letter.language,
    }


def cite_block(letter: Communication, views: Views) -> Markup:
    """'Cite this letter': the plain citation, then each format in a block a reader can copy."""
    formats = [
        ("BibTeX", bibtex(letter, views)),
        ("RIS", ris(letter, views)),
        ("CSL-JSON", json.dumps([csl(letter, views)], ensure_ascii=False) + "\n"),
    ]
    shown = join((
        Markup(f'<details class="sp-cite-format"><summary>{esc(name)}</summary><pre><code>{esc_pre(text)}</code></pre>'
               "</details>")
        for name, text in formats
    ), NL)
    here = urls.communication(letter.ref.slug)
    year = urls.records(letter.date_sent.year)
    data = Markup(f'<p class="sp-record-json">This letter as data: its record, reply status and replies are a line of '
            f'<a href="{esc(file_href(here, year))}" type="application/gzip">'
            f"{esc(year.removeprefix(urls.RECORDS))}</a> "
            f'(every letter sent in {letter.date_sent.year}; {link(here, urls.DATA, "all downloads")}).</p>')
    return Markup(f'<div class="sp-cite"><p class="sp-cite-plain">{esc(plain(letter, views))}</p>{NL}{shown}{NL}{data}'
                  "</div>")


def esc_pre(text: str) -> Markup:
    """Escape text for a <pre> block: newlines kept as &#10; so the raw HTML block stays one line."""
    return esc(text).replace(Markup("<br>"), Markup("&#10;"))


def meta_tags(letter: Communication, views: Views) -> list[tuple[str, str]]:
    """(name, content) of the Highwire `citation_*` tags Zotero and Google Scholar read."""
    tags = [("citation_title", title(letter))]
    tags += [("citation_author", a) for a in authors(letter, views)]
    tags += [
        ("citation_date", letter.date_sent.strftime("%Y/%m/%d")),
        ("citation_publisher", "United Nations Human Rights Council Special Procedures"),
        ("citation_technical_report_number", letter.reference),
        ("citation_language", letter.language),
        ("citation_public_url", permanent_url(letter, views)),
        ("DC.identifier", letter.reference),
    ]
    return tags
