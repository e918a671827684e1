"""What a host receives: only the theme files pages use, every asset a page names, and the site's size, reported.

On sites built by real MkDocs (README, Hosting).
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import material
import pytest
import synthetic
from conftest import build_site, built
from site_files import parse, target_file

from generator import environment
from generator.publish.staging import SiteSize, site_size, size_warning

THEME = Path(material.__file__).parent / "templates"


class _Assets(HTMLParser):
    """The URLs of the files a browser fetches to show one page: scripts, style sheets, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.search_boxes = 0
        """Elements Material's bundle would start its search worker for."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if named.get("data-md-component") == "search":
            self.search_boxes += 1
        url = named.get("src") if tag in ("script", "img") else named.get("href") if tag == "link" else None
        if url and not (tag == "link" and named.get("rel") in ("canonical", "alternate", "prev", "next")):
            self.urls.append(url)


def assets(site: Path) -> dict[Path, list[Path]]:
    """Each page of the site → the local files its scripts, style sheets, icons and images name."""
    named = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.search_boxes == 0, f"{page}: Material's search box would start the search worker left out"
        named[page] = [target[0] for url in parser.urls if (target := target_file(site, page, url)) is not None]
    return named


def test_the_site_holds_none_of_materials_search_files_nor_source_maps(synthetic_site: Path) -> None:
    # Material ships them: the test has something to miss
    assert (THEME / "assets/javascripts/lunr/wordcut.js").is_file()
    assert not (synthetic_site / "assets/javascripts/lunr").exists()
    assert list((synthetic_site / "assets/javascripts").glob("workers/*")) == []
    assert list(synthetic_site.rglob("*.map")) == []


def test_every_theme_file_in_the_site_is_one_a_page_uses(synthetic_site: Path) -> None:
    used = {file for files in assets(synthetic_site).values() for file in files}
    shipped = {synthetic_site / p.relative_to(THEME) for p in THEME.rglob("*") if _static(p.relative_to(THEME))}
    in_site = {file for file in shipped if file.is_file()}
    assert in_site, "no theme file in the site: the theme's style sheet and script are missing"
    assert sorted(str(file.relative_to(synthetic_site)) for file in in_site - used) == []


def _static(path: Path) -> bool:
    """A file MkDocs copies from the theme as it is: not a template, not the theme's own code or settings."""
    hidden = any(part.startswith((".", "__")) for part in path.parts)
    return not hidden and path.suffix not in (".html", ".py", ".pyc") and path.name != "mkdocs_theme.yml"


def test_every_file_a_page_fetches_is_in_the_site(synthetic_site: Path) -> None:
    named = assets(synthetic_site)
    missing = [f"{page.relative_to(synthetic_site)}: {file.relative_to(synthetic_site)}"
               for page, files in named.items() for file in files if not file.is_file()]
    assert missing == []
    assert synthetic_site / "assets/search.js" in named[synthetic_site / "index.html"]


# ---------------------------------------------------------------- the site's size

SIZE_LINE = re.compile(r"^INFO    -  Site published at (.+): ([0-9,.]+) MB in ([0-9,]+) files$", re.MULTILINE)


def test_a_build_ends_with_the_size_of_the_site_it_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(environment.SIZE_WARN_MB, raising=False)
    site = tmp_path / "site"
    result = build_site(synthetic.write_archive(tmp_path / "content"), site)
    assert result.returncode == 0, result.stderr
    found = SIZE_LINE.search(result.stderr)
    assert found, result.stderr
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    assert found.groups() == (str(site), f"{size / 2**20:,.1f}", f"{len(files):,}")
    assert "The site is" not in result.stderr  # no warning under GitHub Pages' 1 GB


def test_a_site_larger_than_the_threshold_is_a_warning_that_strict_builds_let_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(environment.SIZE_WARN_MB, "0.01")
    site = tmp_path / "site"
    result = build_site(synthetic.write_archive(tmp_path / "content"), site, "--strict")
    assert result.returncode == 0, result.stderr
    size = site_size(site)
    assert f"WARNING -  {size_warning(size, 0.01)}\n" in result.stderr
    assert result.stderr.index("Site published at") < result.stderr.index("WARNING -  The site is")
    assert (site / "index.html").is_file()


def test_a_threshold_that_is_not_a_size_stops_the_build_at_once(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(environment.SIZE_WARN_MB, "1 GB")
    result = build_site(synthetic.write_archive(tmp_path / "content"), tmp_path / "site")
    assert result.returncode == 1
    assert ("SP_ARCHIVE_SIZE_WARN_MB='1 GB': expected a size in MB, such as 1024 (GitHub Pages' limit, the default) "
            "or 0 for no warning") in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_warning_says_how_large_against_what_and_what_to_do() -> None:
    size = SiteSize(bytes=2_400 * 2**20, files=92_272)
    assert size_warning(size, 1024) == (
        "The site is 2,400.0 MB in 92,272 files, more than SP_ARCHIVE_SIZE_WARN_MB's 1,024 MB (by default GitHub "
        "Pages' limit, 1 GB): publish it where it fits (README, Hosting), or set SP_ARCHIVE_SIZE_WARN_MB to your "
        "host's limit (0: no warning)"
    )
    assert size_warning(size, 4096) is None
    assert size_warning(size, 0) is None
    assert size_warning(SiteSize(bytes=1024 * 2**20, files=1), 1024) is None  # at the limit is within it


def test_the_size_counts_each_name_of_a_file_once_and_follows_no_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/page.html").write_bytes(b"x" * 1000)
    os.link(site / "a/page.html", site / "copy.html")  # a rebuild links unchanged files: the host still gets two files
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/big").write_bytes(b"y" * 5000)
    (site / "elsewhere").symlink_to(tmp_path / "outside")
    assert site_size(site) == SiteSize(bytes=2000, files=2)


# ---------------------------------------------------------------- a site under a sub-path

PAGES_URL = "https://owner.github.io/archive"
"""A project site's address as actions/configure-pages gives it to pages.yml: a sub-path, no slash at the end."""
BASE = PAGES_URL + "/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sub-path")
    content = synthetic.write_archive(folder / "content", replies=[synthetic.reply()])
    return built(content, folder / "site", site_url=PAGES_URL)


def page_urls(site: Path) -> dict[Path, str]:
    """Each page of the site (404.html aside, served at any address) → its absolute URL under the sub-path."""
    pages = sorted(site.rglob("index.html"))
    return {page: BASE + "".join(f"{part}/" for part in page.parent.relative_to(site).parts) for page in pages}


def test_the_sitemap_lists_every_page_by_its_absolute_url_under_the_sub_path(sub_path_site: Path) -> None:
    sitemap = ET.parse(sub_path_site / "sitemap.xml").getroot()
    listed = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sorted(listed) == sorted(page_urls(sub_path_site).values())
    assert f"{BASE}communications/al-oth-1-2021/" in listed


def test_every_page_names_its_absolute_url_under_the_sub_path_as_canonical(sub_path_site: Path) -> None:
    canonical = re.compile(r'<link rel="canonical" href="([^"]*)">')
    found = {page: canonical.findall(page.read_text(encoding="utf-8")) for page in page_urls(sub_path_site)}
    assert {page: links for page, links in found.items() if links != [page_urls(sub_path_site)[page]]} == {}


def test_a_letters_citations_and_record_carry_its_absolute_url_under_the_sub_path(sub_path_site: Path) -> None:
    url = f"{BASE}communications/al-oth-1-2021/"
    text = (sub_path_site / "communications/al-oth-1-2021/index.html").read_text(encoding="utf-8")
    plain = html.unescape(re.search(r'<p class="sp-cite-plain">(.*?)</p>', text, re.DOTALL).group(1))
    assert f", {url} (archive content as of" in plain
    assert f'<meta name="citation_public_url" content="{url}">' in text  # BibTeX, RIS and CSL-JSON are made from it
    lines = gzip.decompress((sub_path_site / "data/records/letters-2021.jsonl.gz").read_bytes()).splitlines()
    [record] = [json.loads(line) for line in lines if json.loads(line)["record"]["reference"] == "AL OTH 1/2021"]
    assert record["archive"]["url"] == url
    assert all(reply["archive"]["url"].startswith(f"{url}#reply-") for reply in record["replies"])


def test_every_feeds_ids_and_links_are_absolute_under_the_sub_path(sub_path_site: Path) -> None:
    feeds = sorted((sub_path_site / "feeds").rglob("*.xml"))
    assert sub_path_site / "feeds/communications.xml" in feeds and sub_path_site / "feeds/replies.xml" in feeds
    for feed in feeds:
        root = ET.parse(feed).getroot()
        assert root.findtext(f"{ATOM}id") == BASE + feed.relative_to(sub_path_site).as_posix()
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links["self"] == root.findtext(f"{ATOM}id") and links["alternate"].startswith(BASE)
        entries = root.findall(f"{ATOM}entry")
        assert entries, feed
        for entry in entries:
            (link,) = entry.findall(f"{ATOM}link")
            assert entry.findtext(f"{ATOM}id").startswith(f"{BASE}communications/")
            assert link.get("href").startswith(f"{BASE}communications/")


def test_every_link_inside_a_page_resolves_to_a_file_under_the_sub_path(sub_path_site: Path) -> None:
    host = "https://owner.github.io/"
    pages = page_urls(sub_path_site) | {sub_path_site / "404.html": f"{BASE}no/such/page/"}  # served at any address
    outside, missing = [], []
    for page, page_url in pages.items():
        text = page.read_text(encoding="utf-8")
        for url in [*parse(page).urls, *re.findall(r'data-root="([^"]*)"', text)]:
            absolute = urljoin(page_url, url).partition("#")[0].partition("?")[0]
            if not absolute.startswith(host):
                continue  # another site
            if not absolute.startswith(BASE):
                outside.append(f"{page.relative_to(sub_path_site)}: {url}")
                continue
            target = sub_path_site / absolute.removeprefix(BASE)
            if not (target / "index.html" if absolute.endswith("/") else target).is_file():
                missing.append(f"{page.relative_to(sub_path_site)}: {url}")
    assert outside == [] and missing == []
