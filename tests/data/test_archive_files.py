"""The archive as data, read back by the tools its formats come from: frictionless, jsonschema, feedparser, csv.

On sites built by real MkDocs: the real content (with a site_url), the synthetic archive and the
hostile one (whose every text field tries to be HTML, a formula or XML).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import synthetic
from conftest import REPO, built, hostile, real_content_ready, serve

from generator.data import archive_files
from generator.data.csvfile import inert
from generator.data.feeds import ATOM, FEED_SIZE, archive_feeds, atom
from generator.link.views import link_content
from generator.validate.records import load_content

SITE_URL = "https://archive.example.org/sp/"


@pytest.fixture(scope="module")
def real_data_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not real_content_ready():
        pytest.skip("content/ does not hold the seed letter yet")
    return built(REPO / "content", tmp_path_factory.mktemp("data") / "site", site_url=SITE_URL)


def rows(site: Path, table: str) -> list[dict[str, str]]:
    with open(site / "data" / f"{table}.csv", newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def year_entries(site: Path) -> list[dict]:
    """Every line of every data/records/letters-YEAR.jsonl.gz, with the year of its file."""
    entries = []
    for path in sorted((site / "data/records").glob("letters-*.jsonl.gz")):
        year = int(path.name.removeprefix("letters-").removesuffix(".jsonl.gz"))
        entries += [{**json.loads(line), "file_year": year} for line in gzip.decompress(path.read_bytes()).splitlines()]
    return entries


@pytest.mark.parametrize("which", ["real_data_site", "synthetic_site"])
def test_the_data_package_validates_types_and_keys(which: str, request: pytest.FixtureRequest) -> None:
    frictionless = pytest.importorskip("frictionless")
    site = request.getfixturevalue(which)
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["taskNumber", "type", "note"])[:10]


def test_a_broken_foreign_key_is_caught_by_the_validator(synthetic_site: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    data = tmp_path / "data"
    shutil.copytree(synthetic_site / "data", data)
    with open(data / "norm_links.csv", "a", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\r\n").writerow(
            ["AL OTH 1/2021", "SYNTHETIC-no-such-allegation", "TESTI-1", "TESTI", "letter", ""])
    report = frictionless.validate(str(data / "datapackage.json"))
    assert not report.valid and "foreign-key" in {error[0] for error in report.flatten(["type"])}


@pytest.mark.parametrize("which", ["real_data_site", "synthetic_site"])
def test_each_table_has_a_row_for_each_record_and_its_keys_resolve(which: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(which)
    records = year_entries(site)
    letters = {r["record"]["reference"]: r["record"] for r in records}
    assert len(letters) == len(records)  # each letter once
    assert sorted(row["reference"] for row in rows(site, "communications")) == sorted(letters)
    assert len(rows(site, "allegations")) == sum(len(r.get("allegations", [])) for r in letters.values())
    assert len(rows(site, "signatories")) == sum(len(r["signatories"]) for r in letters.values())
    assert len(rows(site, "communication_mandates")) == sum(len(r["mandates"]) for r in letters.values())
    replies = [reply for r in records for reply in r["replies"]]
    assert len(rows(site, "replies")) == len(replies)
    allegations = {(row["reference"], row["allegation"]) for row in rows(site, "allegations")}
    assert all((row["reference"], row["allegation"]) in allegations for row in rows(site, "norm_links"))
    mandates = {row["id"] for row in rows(site, "mandates")}
    assert all(row["mandate"] in mandates for row in rows(site, "signatories") + rows(site, "communication_mandates"))


@pytest.mark.parametrize("which", ["real_data_site", "synthetic_site"])
def test_every_record_json_validates_against_the_published_schema(which: str, request: pytest.FixtureRequest) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    site = request.getfixturevalue(which)
    letter_schema = json.loads((site / "data/schema/communication.schema.json").read_text())
    reply_schema = json.loads((site / "data/schema/reply.schema.json").read_text())
    checked = replies = 0
    for entry in year_entries(site):
        jsonschema.validate(entry["record"], letter_schema)
        assert int(entry["record"]["date_sent"][:4]) == entry["file_year"]
        checked += 1
        for reply in entry["replies"]:
            jsonschema.validate(reply["record"], reply_schema)
            assert reply["record"]["reply_to"] == entry["record"]["reference"]
            replies += 1
    assert checked == len(rows(site, "communications")) > 0
    assert replies == len(rows(site, "replies"))


def test_a_letters_record_carries_what_the_archive_computes(real_data_site: Path) -> None:
    [record] = [e for e in year_entries(real_data_site) if e["record"]["reference"] == "AL OTH 102/2021"]
    assert record["archive"] == {
        "url": f"{SITE_URL}communications/al-oth-102-2021/", "as_of": "2026-11-26", "reply_status": "unanswered",
        "date_public": "2021-05-11", "sixty_days_end": "2021-05-11", "batch": [],
    }
    assert record["record"]["questions"][0]["number"] == 1
    assert record["replies"] == []


def test_a_reply_carries_its_place_on_the_letters_page(synthetic_site: Path) -> None:
    answered = [e for e in year_entries(synthetic_site) if e["replies"]]
    assert answered
    for entry in answered:
        for reply in entry["replies"]:
            slug = entry["archive"]["url"].rstrip("/").rsplit("/", 1)[1]
            assert reply["archive"]["url"].endswith(f"communications/{slug}/#reply-{reply['record']['date']}")
            assert reply["archive"]["letter"] == entry["archive"]["url"]
            page = (synthetic_site / "communications" / slug / "index.html").read_text(encoding="utf-8")
            assert f'id="reply-{reply["record"]["date"]}"' in page


def test_the_yearly_records_are_the_same_bytes_in_two_builds(synthetic_content: Path, synthetic_site: Path,
                                                             tmp_path: Path) -> None:
    again = built(synthetic_content, tmp_path / "site")
    names = sorted(p.name for p in (again / "data/records").iterdir())
    assert names == sorted(p.name for p in (synthetic_site / "data/records").iterdir())
    for path in (synthetic_site / "data/records").iterdir():
        assert (again / "data/records" / path.name).read_bytes() == path.read_bytes()


def test_the_letter_page_offers_its_record(page, real_data_site: Path) -> None:
    page.goto(serve(real_data_site) + "communications/al-oth-102-2021/")
    link = page.locator(".sp-record-json a[type='application/gzip']")
    assert link.inner_text() == "letters-2021.jsonl.gz"
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    lines = gzip.decompress(response.body()).decode("utf-8").splitlines()
    assert "AL OTH 102/2021" in {json.loads(line)["record"]["reference"] for line in lines}


def test_the_feeds_parse_with_the_right_entries_newest_first(synthetic_site: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    letters = rows(synthetic_site, "communications")
    everything = feedparser.parse((synthetic_site / "feeds/communications.xml").read_bytes())
    assert not everything.bozo and everything.version == "atom10"
    public = sorted(((row["date_public"], row["reference"]) for row in letters), key=lambda p: p[0], reverse=True)
    assert [e.published[:10] for e in everything.entries] == [d for d, _ in public][: len(everything.entries)]
    assert len(everything.entries) == min(FEED_SIZE, len(letters))
    assert all(e.id.startswith("tag:sp-archive,2011:communications/") and e.id.endswith("/")
               for e in everything.entries)

    for country, count in Counter(row["country"].lower() for row in letters if row["country"]).items():
        feed = feedparser.parse((synthetic_site / f"feeds/countries/{country}.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == min(FEED_SIZE, count), country

    replies = feedparser.parse((synthetic_site / "feeds/replies.xml").read_bytes())
    assert not replies.bozo and len(replies.entries) == len(rows(synthetic_site, "replies"))


def test_a_feed_holds_the_newest_letters_only_and_the_downloads_hold_them_all(tmp_path: Path) -> None:
    sent = [date(2020, 1, 1) + timedelta(days=n) for n in range(FEED_SIZE + 1)]
    letters = [synthetic.communication(f"AL OTH {n}/2020", day) for n, day in enumerate(sent, 1)]
    content, errors = load_content(synthetic.write_archive(tmp_path / "content", communications=letters))
    assert [e for e in errors if not e.warning] == []
    views = link_content(content)
    feeds = {feed.path: feed for feed in archive_feeds(views)}
    for path in ("feeds/communications.xml", "feeds/countries/che.xml", "feeds/mandates/sr-testing.xml"):
        entries = ET.fromstring(atom(feeds[path], views)).findall(f"{{{ATOM}}}entry")
        titles = [entry.findtext(f"{{{ATOM}}}title").split(":")[0] for entry in entries]
        # newest first; AL OTH 1/2020 left out
        assert titles == [f"AL OTH {n}/2020" for n in range(FEED_SIZE + 1, 1, -1)], path
    table = archive_files(views)["data/communications.csv"].decode("utf-8")
    assert len(list(csv.DictReader(io.StringIO(table)))) == FEED_SIZE + 1


def test_a_norms_feed_holds_the_letters_invoking_it(synthetic_site: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    links = rows(synthetic_site, "norm_links")
    citing = {row["reference"] for row in links if row["norm"] == "TESTI-2"}
    feed = feedparser.parse((synthetic_site / "feeds/norms/testi-2.xml").read_bytes())
    titles = {e.title.split(":")[0] for e in feed.entries}
    assert citing and titles <= citing and len(titles) == min(FEED_SIZE, len(citing))


def test_each_page_with_a_feed_names_it_in_its_head_and_offers_to_follow_it(page, synthetic_site: Path) -> None:
    base = serve(synthetic_site)
    for url, feed in (("", "feeds/communications.xml"), ("countries/che/", "feeds/countries/che.xml"),
                      ("communications/", "feeds/communications.xml"),
                      ("replies/", "feeds/replies.xml"), ("norms/testi-1/", "feeds/norms/testi-1.xml")):
        page.goto(base + url)
        alternate = page.locator("link[rel=alternate][type='application/atom+xml']").first.get_attribute("href")
        follow = page.locator(".sp-follow a").first
        assert follow.inner_text().startswith("Follow:")
        for target in (alternate, follow.get_attribute("href")):
            assert page.evaluate("u => new URL(u, location.href).href", target) == base + feed
        assert (synthetic_site / feed).is_file()


def _statistics_row(site: Path, heading: str, label: str) -> list[int]:
    html = (site / "statistics/index.html").read_text()
    section = html[html.index(f">{heading}<"):]
    row = re.search(rf"<tr><td>{re.escape(label)}</td>((?:<td>\d+</td>){{4}})", section)
    assert row, (heading, label)
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", row.group(1))]


@pytest.mark.parametrize("which", ["real_data_site", "synthetic_site"])
def test_the_reply_rates_agree_with_the_csv(which: str, request: pytest.FixtureRequest) -> None:
    from datetime import date, timedelta

    site = request.getfixturevalue(which)
    as_of = date.fromisoformat(json.loads((site / "data/datapackage.json").read_text())["version"])
    counted: dict[str, Counter] = {}
    for row in rows(site, "communications"):
        sent = date.fromisoformat(row["date_sent"])
        due = sent + timedelta(days=60)
        if as_of < due:
            continue
        first = row["first_reply"]
        outcome = "none" if not first else "within" if date.fromisoformat(first) <= due else "later"
        for key in ("All letters", row["date_sent"][:4]):
            counted.setdefault(key, Counter())[outcome] += 1
    assert counted, "no letter has passed its 60 days"
    for key, outcomes in counted.items():
        heading = "All letters" if key == "All letters" else "By year sent"
        total = sum(outcomes.values())
        assert _statistics_row(site, heading, key) == [total, outcomes["within"], outcomes["later"], outcomes["none"]]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_after_an_apostrophe() -> None:
    assert [inert(text) for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx"]
    assert [inert(text) for text in ("<script>", "SYNTHETIC Co. = Ltd", "")] == ["<script>", "SYNTHETIC Co. = Ltd", ""]


def test_hostile_text_stays_inert_in_csv_json_and_atom(hostile_site: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    for path in (hostile_site / "data").glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as source:
            for row in csv.reader(source):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell[:40])
    communications = rows(hostile_site, "communications")
    # The payload starts with "<", not a formula sign: the cell is the hostile name exactly, neither escaped nor cut.
    assert [row["addressee"] for row in communications] == [hostile(synthetic.communication())["addressee"]["name"]]
    entries = year_entries(hostile_site)  # valid JSON whatever the text
    assert entries and all(isinstance(entry["record"]["addressee"]["name"], str) for entry in entries)
    for path in (hostile_site / "feeds").rglob("*.xml"):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, path
        raw = path.read_text()
        assert "<script" not in raw and "<img" not in raw, path  # only ever as &lt;script, text
    assert "&lt;script&gt;" in (hostile_site / "feeds/communications.xml").read_text()


@pytest.mark.parametrize("formula",
                         ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(formula: str) -> None:
    from generator.data.csvfile import csv_bytes
    from generator.data.tables import Column, Table

    columns = (Column("text", "string", "SYNTHETIC"), Column("count", "integer", "SYNTHETIC"))
    table = Table("synthetic", "SYNTHETIC", columns, ("text",), [(formula, -5)])
    _header, row = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8"), newline="")))
    assert row == ["'" + formula, "-5"]  # text defused, the number left a number


def test_each_reply_rate_table_has_its_chart_beside_it(page, synthetic_site: Path) -> None:
    page.goto(serve(synthetic_site) + "statistics/")
    images = page.locator(".sp-chart img")
    assert images.count() == page.locator("table.sp-rates").count() > 3
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0 and image.get_attribute("alt").startswith("Bar chart")


def test_a_chart_keeps_record_text_as_text(hostile_site: Path) -> None:
    import xml.etree.ElementTree as ET

    charts = sorted((hostile_site / "statistics").glob("*.svg"))
    assert charts
    for chart in charts:
        tree = ET.parse(chart)  # well-formed whatever the names in it
        assert not [e for e in tree.iter() if e.tag.split("}")[-1] in ("script", "foreignObject", "image")], chart.name
    assert "&lt;script&gt;" in (hostile_site / "statistics/by-company.svg").read_text()
