"""The data page (downloads, feeds, how to cite the dataset) and the statistics page (reply rates)."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from .. import urls
from ..link.rates import CHARTED, Rate, archive_rates
from ..link.views import Views
from .common import Page, follow, page, page_title, section, table
from .text import EMPTY, esc, file_href, in_words, join, when

DOWNLOADS = [
    ("data/communications.csv", "Letters: one row per letter, with its reply status as of the archive's date."),
    ("data/communication_mandates.csv", "The mandates each letter was sent by, in the letter's order."),
    ("data/replies.csv", "Replies: one row per reply, with the days after the letter."),
    ("data/allegations.csv", "Allegations: one row per allegation, in the letter's words."),
    ("data/norm_links.csv", "Allegation → norm: one row per link, with its basis (the letter's or an editor's)."),
    ("data/signatories.csv", "Signatories: one row per signature."),
    ("data/co_signers.csv", "Co-signers outside the UN special procedures (a regional body's rapporteur): one row "
                            "each, with the body and legal basis as printed; not counted as mandates."),
    ("data/mandates.csv", "The mandate catalogue, with letters sent."),
    ("data/datapackage.json", "Frictionless Data Package: every table's fields, types, keys, licence and source."),
]


def _download_row(here: str, path: str, what: str, size: int) -> Markup:
    return Markup(f"<tr><td><a href=\"{esc(file_href(here, path))}\">{esc(path.removeprefix('data/'))}</a></td>"
                  f"<td>{esc(what)}</td><td>{esc(_size(size))}</td></tr>")


def _year(path: str) -> str:
    """'data/records/letters-2021.jsonl.gz' → '2021'."""
    return path.removeprefix(urls.RECORDS + "letters-").removesuffix(".jsonl.gz")


def _size(length: int) -> str:
    return f"{length / 1024:.1f} KB" if length < 1024 * 1024 else f"{length / 1024 / 1024:.1f} MB"


def render_data_page(views: Views, sizes: Mapping[str, int]) -> Page:
    """data/: every download with its size, the yearly records and schemas, the feeds, and how to cite the data."""
    here = urls.DATA
    rows = [_download_row(here, path, what, sizes[path]) for path, what in DOWNLOADS if path in sizes]
    years = sorted(p for p in sizes if p.startswith(urls.RECORDS))
    yearly = [_download_row(here, path, f"Every letter sent in {_year(path)}, with its replies.", sizes[path])
              for path in years]
    schemas = sorted(p for p in sizes if p.startswith("data/schema/"))
    schema_links = join(Markup(f'<a href="{esc(file_href(here, p))}">{esc(p.removeprefix("data/schema/"))}</a>')
                        for p in schemas)
    body = [
        page_title("Data"),
        Markup(f"<p>The archive's records as data, made from the same records as its pages, as of "
               f"{when(views.archive.as_of)} (the date its content was last checked). The tables are CSV (UTF-8, "
               "RFC 4180); list-valued fields have tables of their own. A text cell that begins with =, +, -, @, a tab "
               "or a carriage return starts with an apostrophe, so that spreadsheets show it as text.</p>"),
        section("Tables"),
        table(["File", "What it holds", "Size"], rows),
        section("Every record"),
        Markup("<p>Every letter and reply in full, as JSON, a year of letters a file (by the year the letter was "
               "sent): one line per letter, gzip-compressed (JSON Lines; <code>gunzip</code>, or read it directly with "
               "most data tools). Each line holds the letter's record under <code>record</code>, valid against its "
               f"JSON Schema ({schema_links}), what the archive computes under <code>archive</code> (permanent URL, "
               "reply status, the date the 60 days end, batch members) and its replies under <code>replies</code>, "
               "each with its own <code>record</code> and <code>archive</code>.</p>"),
        table(["File", "What it holds", "Size"], yearly) if yearly else Markup("<p><em>No letters yet.</em></p>"),
        section("Feeds"),
        Markup("<p>Atom feeds of new letters: all letters, and one for each mandate, country, addressee and cited "
               "norm (offered on its page), and one of replies received.</p>"),
        follow(here, urls.feed("communications"), "new letters"),
        follow(here, urls.feed("replies"), "replies received"),
        section("Citing the data"),
        Markup(f'<p class="sp-cite-plain">{esc(views.archive.title)}, data as of '
               f"{esc(in_words(views.archive.as_of))}, {esc(urls.absolute(here, views.site_url))}.</p>"),
    ]
    feeds = [("New letters", urls.feed("communications")), ("Replies received", urls.feed("replies"))]
    return page(here, "Data", body, feeds=feeds)


def render_statistics(views: Views) -> Page:
    """statistics/: reply rates by addressee kind, year, mandate, country and company, as of the archive's date."""
    here = urls.STATISTICS
    body = [
        page_title("Reply rates"),
        Markup(f"<p>As of {when(views.archive.as_of)}, counted only over letters whose 60 days have passed: replied "
               "within the 60 days (the first reply in the archive is dated at most 60 days after the letter), replied "
               "later, or no reply in the archive. “No reply in the archive” means no reply was published by then, as "
               "far as the archive knows. The same counts can be made from "
               f'<a href="{esc(file_href(here, "data/communications.csv"))}">communications.csv</a>.</p>'),
    ]
    for heading, rates in archive_rates(views).items():
        body += [section(heading), chart(heading, rates), rates_table(rates)]
    return page(here, "Reply rates", body)


def chart(heading: str, rates: list[Rate]) -> Markup:
    """The table's chart (generator/data/charts.py), described for those who do not see it."""
    if not rates:
        return EMPTY
    shown = "" if len(rates) <= CHARTED else f" for the {CHARTED} groups with the most letters"
    alt = (f"Bar chart of the share of letters with a reply in the archive{shown}, {heading.lower()}; "
           "the table below gives the numbers.")
    src = urls.chart(heading).removeprefix(urls.STATISTICS)
    return Markup(f'<p class="sp-chart"><img src="{esc(src)}" alt="{esc(alt)}"></p>')


def rates_table(rates: list[Rate]) -> Markup:
    """A table of rates, most letters first."""
    if not rates:
        return Markup("<p><em>No letter has reached its 60 days yet.</em></p>")
    rows = [
        Markup(f"<tr><td>{esc(r.label)}</td><td>{r.letters}</td><td>{r.within}</td><td>{r.later}</td><td>{r.none}</td>"
               f"<td>{round(100 * r.replied_share)} %</td></tr>")
        for r in rates
    ]
    return table(["Group", "Letters (60 days passed)", "Replied within 60 days", "Replied later",
                  "No reply in the archive", "Replied"], rows, "sp-rates")
