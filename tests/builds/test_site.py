"""End-to-end: real `mkdocs build` with the archive plugin, search index included, on synthetic content."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import MKDOCS, PAGED_LETTERS, REPO, build_site, rich_archive
from site_files import parse, target_file, tree_digest  # tree_digest: test_publish.py still imports it from here

from generator.urls import PAGE_SIZE

PAGE_URLS = {
    "home": "",
    "communication": "communications/al-oth-1-2021/",
    "communication to a State": "communications/al-che-2-2021/",
    "all letters": "communications/",
    "all letters, page 2": "communications/page/2/",
    "provision": "norms/testi-1/",
    "instrument": "norms/testi/",
    "norm index": "norms/",
    "mandate": "mandates/sr-testing/",
    "mandates": "mandates/",
    "addressee (company)": "addressees/synthetic-company-ltd/",
    "addressee (State)": "addressees/switzerland/",
    "addressees": "addressees/",
    "country": "countries/che/",
    "countries": "countries/",
    "year": "years/2021/",
    "years": "years/",
    "type": "types/al/",
    "types": "types/",
    "replies": "replies/",
    "unanswered": "replies/unanswered/",
    "about": "about/",
    "paged year, page 2": "years/2020/page/2/",
}


def broken_links(site: Path) -> list[str]:
    """Every internal href/src whose file or #fragment does not exist."""
    parsed = {path: parse(path) for path in site.rglob("*.html")}
    broken = []
    for page, links in parsed.items():
        for url in links.urls:
            target = target_file(site, page, url)
            if target is None:
                continue
            path, fragment = target
            if not path.exists():
                broken.append(f"{page.relative_to(site)}: {url} (no file)")
            elif fragment and path.suffix == ".html" and fragment not in (parsed.get(path) or parse(path)).ids:
                broken.append(f"{page.relative_to(site)}: {url} (no #{fragment})")
    return broken


@pytest.mark.parametrize("name", sorted(PAGE_URLS))
def test_every_page_type_is_at_its_permanent_url(synthetic_site: Path, name: str) -> None:
    assert (synthetic_site / PAGE_URLS[name] / "index.html").is_file(), PAGE_URLS[name]


def test_no_internal_link_or_anchor_is_broken(synthetic_site: Path) -> None:
    assert broken_links(synthetic_site) == []


def test_every_allegation_links_to_its_norm_page_and_the_norm_page_links_back(synthetic_site: Path) -> None:
    letter = synthetic_site / "communications/al-oth-1-2021/index.html"
    html = letter.read_text()
    for norm in ("testi-1", "testi-2"):
        assert f'href="../../norms/{norm}/"' in html
        norm_page = (synthetic_site / f"norms/{norm}/index.html").read_text()
        assert 'href="../../communications/al-oth-1-2021/#allegation-forced-work"' in norm_page
        assert "Workers were allegedly forced to work." in norm_page


def test_annex_citations_appear_on_the_norm_and_instrument_pages(synthetic_site: Path) -> None:
    provision = (synthetic_site / "norms/testi-1/index.html").read_text()
    assert 'href="../../communications/al-oth-1-2021/#p3"' in provision
    instrument = (synthetic_site / "norms/otheri/index.html").read_text()
    assert "preamble" in instrument and "al-che-2-2021" in instrument
    assert 'href="../otheri-1/"' in instrument


def test_communication_page_shows_footnote_linked_both_ways(synthetic_site: Path) -> None:
    html = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    assert 'forced to work.<sup class="sp-fnref" id="fnref-1"><a href="#fn-1">1</a></sup>' in html
    assert '<li id="fn-1" value="1">A synthetic footnote. <a class="sp-fnback" href="#fnref-1"' in html


def test_batch_letters_link_to_each_other_and_references_in_text_become_links(synthetic_site: Path) -> None:
    first = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    second = (synthetic_site / "communications/al-che-2-2021/index.html").read_text()
    assert 'href="../al-che-2-2021/">AL CHE 2/2021</a> (same batch)' in first
    assert 'href="../al-oth-1-2021/">AL OTH 1/2021</a> (same batch)' in second
    assert 'our letter <a href="../al-oth-1-2021/">AL OTH 1/2021</a>' in second
    assert "AL PAK 4/2018 <em>(not in the archive)</em>" in second


def test_reply_status_is_judged_on_the_archive_date_not_the_build_clock(synthetic_site: Path) -> None:
    replied = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    unanswered = (synthetic_site / "communications/al-che-2-2021/index.html").read_text()
    awaiting = (synthetic_site / "communications/ua-oth-3-2026/index.html").read_text()
    assert 'id="reply-2021-05-01"' in replied
    assert "No reply in the archive as of <time" in unanswered and "that period ended on" in unanswered
    assert "No reply in the archive as of <time" in awaiting and "that period ends on" in awaiting
    listing = (synthetic_site / "replies/unanswered/index.html").read_text()
    assert "al-che-2-2021" in listing and "ua-oth-3-2026" not in listing and "al-oth-1-2021/" not in listing


def test_lists_are_paged_and_individual_letters_stay_out_of_the_navigation(synthetic_site: Path) -> None:
    first = (synthetic_site / "years/2020/index.html").read_text()
    second = (synthetic_site / "years/2020/page/2/index.html").read_text()
    assert first.count('<tr><td><a href="../../communications/') == PAGE_SIZE
    assert second.count('<tr><td><a href="../../../../communications/') == PAGED_LETTERS - PAGE_SIZE
    letter = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    nav_links = re.findall(r'<a href="([^"#]*)" class="md-nav__link', letter)
    assert nav_links and not any(re.search(r"communications/[a-z]+-", link) for link in nav_links)
    assert len(nav_links) == len(set(nav_links)) < 20


def test_communication_pages_carry_breadcrumbs(synthetic_site: Path) -> None:
    html = (synthetic_site / "communications/al-che-2-2021/index.html").read_text()
    assert '<nav class="sp-breadcrumbs"' in html and '<a href="../../">Home</a>' in html


def test_the_search_index_holds_every_letter_and_reply_and_its_script_loads_by_relative_url(
    synthetic_content: Path, synthetic_site: Path
) -> None:
    meta = json.loads((synthetic_site / "search/meta.json").read_text())
    letters = list((synthetic_content / "communications").rglob("*.yaml"))
    replies = list((synthetic_content / "replies").rglob("*.yaml"))
    assert meta["documents"] == len(letters) + len(replies) and len(letters) > 50 and replies
    directory = json.loads(gzip.decompress((synthetic_site / "search" / meta["index"]).read_bytes()))
    pairs = json.loads(gzip.decompress((synthetic_site / "search" / directory["pairs"]).read_bytes()))
    shards = [name for listed in (directory["terms"], directory["stems"], pairs) for _, name in listed]
    files = [meta["index"], directory["pairs"], *directory["cards"], *shards, *meta["stemmer"]]
    assert all((synthetic_site / "search" / name).stat().st_size > 0 for name in files)
    html = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    assert '<script src="../../assets/search.js" data-root="../../"></script>' in html
    assert '<form class="sp-search" role="search" action="../../search/" method="get"' in html


def test_material_search_plugin_is_not_used(synthetic_site: Path) -> None:
    assert not (synthetic_site / "search/search_index.json").exists()


def test_site_name_comes_from_the_archive_settings(synthetic_site: Path) -> None:
    page = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    assert "<title>AL OTH 1/2021 - Synthetic test archive</title>" in page


def test_two_builds_of_the_same_content_give_the_same_pages_and_search_index(
        synthetic_content: Path, synthetic_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = build_site(synthetic_content, again)
    assert result.returncode == 0, result.stderr
    first, second = tree_digest(synthetic_site), tree_digest(again)
    kinds = {name.split("/")[1].split("-")[0] for name in first if name.startswith("search/")}
    assert {"meta.json", "index", "facets", "cards", "terms", "stems", "pairs"} <= kinds  # the whole index, in both
    assert second == first


def test_strict_build_passes(synthetic_content: Path, tmp_path: Path) -> None:
    result = build_site(synthetic_content, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr


def test_broken_record_stops_the_build_names_file_and_line_and_keeps_the_old_site(tmp_path: Path) -> None:
    content = rich_archive(tmp_path / "content")
    site = tmp_path / "site"
    assert build_site(content, site).returncode == 0
    before = tree_digest(site)
    record = content / "communications/2021/al-oth-1-2021.yaml"
    lines = record.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("date_sent:"))
    record.write_text("\n".join("date_sent: 2021-13-45" if i == line else text
                                for i, text in enumerate(lines, 1)) + "\n")
    result = build_site(content, site)
    assert result.returncode == 1
    assert f"communications/2021/al-oth-1-2021.yaml:{line}: date_sent:" in result.stderr
    assert tree_digest(site) == before
    # the lock stays; it is only ever flock()ed
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "content", "site"]


def test_build_failing_after_pages_are_written_keeps_the_old_site_and_no_temporary_folder(tmp_path: Path) -> None:
    content = rich_archive(tmp_path / "content")
    site = tmp_path / "site"
    assert build_site(content, site).returncode == 0
    before = tree_digest(site)
    # A nav entry to a missing page is a warning; --strict turns it into a failed build after the pages are written.
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text()
                      .replace("  - About: about.md", "  - About: about.md\n  - Missing: missing.md")
                      .replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
                      .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"))
    env = {"SP_ARCHIVE_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([*MKDOCS, "build", "--strict", "-f", str(config), "-d", str(site)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stderr
    assert tree_digest(site) == before
    # Only the record cache may stay beside the site: no temporary build folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", ".site.lock", "content", "mkdocs.yml", "site"]


def test_content_dir_option_and_environment_variable_choose_the_content(tmp_path: Path) -> None:
    content = rich_archive(tmp_path / "elsewhere")
    config = tmp_path / "mkdocs.yml"
    config.write_text((REPO / "mkdocs.yml").read_text().replace("content_dir: content", "content_dir: elsewhere")
                      .replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
                      .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"))
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([*MKDOCS, "build", "-f", str(config), "-d", str(tmp_path / "site")], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/communications/al-oth-1-2021/index.html").is_file()
    env["SP_ARCHIVE_CONTENT"] = str(tmp_path / "nowhere")
    result = subprocess.run([*MKDOCS, "build", "-f", str(config), "-d", str(tmp_path / "site")], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "content folder not found" in result.stderr
    assert content.exists()


def test_mkdocs_serve_writes_the_search_index_and_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    content = rich_archive(tmp_path / "content")
    with serving(content) as base:
        assert _wait_for(base + "search/meta.json")
        letter = base + "communications/al-oth-1-2021/"
        assert b"A synthetic footnote." in urllib.request.urlopen(letter).read()
        record = content / "communications/2021/al-oth-1-2021.yaml"
        record.write_text(record.read_text().replace("A synthetic footnote.", "An edited synthetic footnote."))
        assert _wait_for(letter, contains=b"An edited synthetic footnote.")


def test_mkdocs_serve_shows_record_errors_in_the_browser_and_clears_them_when_fixed(tmp_path: Path) -> None:
    content = rich_archive(tmp_path / "content")
    record = content / "communications/2021/al-oth-1-2021.yaml"
    good = record.read_text()
    lines = good.splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("date_sent:"))
    record.write_text("\n".join("date_sent: 2021-13-45" if n == line else text
                                for n, text in enumerate(lines, 1)) + "\n")
    with serving(content) as base:
        assert _wait_for(base, contains=b"The archive has errors")
        page = urllib.request.urlopen(base, timeout=10).read().decode()
        assert f"communications/2021/al-oth-1-2021.yaml:{line}: date_sent:" in page
        assert urllib.request.urlopen(base + "norms/", timeout=10).status == 200  # every nav page says so
        record.write_text(good)
        assert _wait_for(base, contains=b"SYNTHETIC")
        assert b"The archive has errors" not in urllib.request.urlopen(base, timeout=10).read()
        assert _wait_for(base + "communications/al-oth-1-2021/", contains=b"A synthetic footnote.")


@contextmanager
def serving(content: Path) -> Iterator[str]:
    """`mkdocs serve` of `content` on a free local port; yields its base URL."""
    port = _free_port()
    env = {"SP_ARCHIVE_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    command = [*MKDOCS, "serve", "-f", str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float = 60, contains: bytes = b"") -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and contains in response.read():
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_seed_letter_page_shows_questions_footnote_signatories_and_linked_annex(real_site: Path) -> None:
    html = (real_site / "communications/al-oth-102-2021/index.html").read_text()
    assert len(re.findall(r'<li id="question-\d+" value="\d+">', html)) == 8
    assert re.search(r'<sup class="sp-fnref" id="fnref-1"><a href="#fn-1">1</a></sup>', html)
    assert '<li id="fn-1" value="1">' in html
    signatures = html[html.index('<div class="sp-signatures">'):]
    assert signatures[:signatures.index("</div>")].count('<p class="sp-signature">') == 7
    annex = html[html.index("sp-section-annex"):]
    annex = annex[:annex.index("</section>")]
    cites = re.findall(r'<div class="sp-cites"[^>]*>(.*?)</div>', annex, re.DOTALL)
    assert cites and all('href="../../norms/' in c for c in cites)
    from generator.validate.records import load_content

    content, _ = load_content(REPO / "content")
    letter = next(p.record for p in content.communications if p.record.reference == "AL OTH 102/2021")
    cited = sum(len(p.cites) for s in letter.sections if s.kind == "annex" for p in s.paragraphs)
    assert sum(c.count('href="../../norms/') for c in cites) == cited
    assert broken_links(real_site) == []
