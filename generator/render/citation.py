"""How to cite a letter: plain text, and the `citation_*` tags reference managers read.

Both are made from the record alone (authors are the mandates that sent it, in the letter's
order; the date is the date sent), so a citation never changes between builds. The URL is
the letter's permanent address: absolute when mkdocs.yml sets `site_url`, the site-relative
path otherwise. BibTeX, RIS and CSL-JSON are made from these tags in the reader's browser
(docs/assets/cite.js, which escapes record text by each format's rules and sets it as text):
three formats on each of 20,000 pages cost the site 40 MB (issue 20).
"""

from __future__ import annotations

from markupsafe import Markup

from .. import urls
from ..link.views import Views, permanent_url
from ..model import Communication
from .text import NL, esc, file_href, in_words, link

PUBLISHER = "United Nations Human Rights Council Special Procedures"
NOTE_TAG = "sp-citation-note"
"""The citation note (archive and as-of date) the formats carry; not a Highwire tag, so reference managers skip it."""

FORMATS_WITHOUT_SCRIPT = ("BibTeX, RIS and CSL-JSON appear here when JavaScript runs; Zotero and other "
                          "reference managers read the citation tags of the page itself.")


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


def cite_block(letter: Communication, views: Views) -> Markup:
    """'Cite this letter': the plain citation, a place cite.js fills with the formats, and the letter as data."""
    here = urls.communication(letter.ref.slug)
    year = urls.records(letter.date_sent.year)
    data = Markup(f'<p class="sp-record-json">This letter as data: its record, reply status and replies are a line of '
            f'<a href="{esc(file_href(here, year))}" type="application/gzip">'
            f"{esc(year.removeprefix(urls.RECORDS))}</a> "
            f'(every letter sent in {letter.date_sent.year}; {link(here, urls.DATA, "all downloads")}).</p>')
    formats = Markup(f'<div class="sp-cite-formats"><p>{esc(FORMATS_WITHOUT_SCRIPT)}</p></div>')
    return Markup(f'<div class="sp-cite"><p class="sp-cite-plain">{esc(plain(letter, views))}</p>{NL}{formats}{NL}'
                  f"{data}</div>")


def note(views: Views) -> str:
    """What every format notes: the archive and the date its content is as of."""
    return f"{views.archive.title}, archive content as of {views.archive.as_of.isoformat()}"


def meta_tags(letter: Communication, views: Views) -> list[tuple[str, str]]:
    """(name, content) of the Highwire `citation_*` tags Zotero and Google Scholar read."""
    tags = [("citation_title", title(letter))]
    tags += [("citation_author", a) for a in authors(letter, views)]
    tags += [
        ("citation_date", letter.date_sent.strftime("%Y/%m/%d")),
        ("citation_publisher", PUBLISHER),
        ("citation_technical_report_number", letter.reference),
        ("citation_language", letter.language),
        ("citation_public_url", permanent_url(letter, views)),
        ("DC.identifier", letter.reference),
        (NOTE_TAG, note(views)),
    ]
    return tags
