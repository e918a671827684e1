"""A rebuild after adding a letter writes the same site, byte for byte, as a cold build of the same content.

Every file is compared, the search index included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import synthetic
from conftest import DAMAGES, build_site, built, damage, rich_archive
from site_files import files_of

from generator.publish.pagecache import PageCache


def test_rebuild_after_adding_a_letter_equals_a_cold_build(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    site = built(content, tmp_path / "site", cache=cache)
    letter = synthetic.communication("UA OTH 77/2022", date(2022, 6, 1))
    synthetic.dump(letter, content / synthetic.record_path("communications", letter))

    rebuilt = built(content, site, cache=cache)  # the contributor's way: `mkdocs build` again, same site folder
    cold = built(content, tmp_path / "cold-site")  # no cache at all
    assert list((cache / "pages").rglob("*.html"))

    rebuilt_files, cold_files = files_of(rebuilt), files_of(cold)
    assert (rebuilt / "communications/ua-oth-77-2022/index.html").is_file()
    assert sorted(rebuilt_files) == sorted(cold_files)
    different = [name for name in rebuilt_files if rebuilt_files[name] != cold_files[name]]
    assert different == []
    assert any(name.startswith("search/terms/") for name in rebuilt_files)


def test_a_rebuild_writes_only_the_files_whose_bytes_change_and_links_the_rest(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    site = built(content, tmp_path / "site", cache=cache)
    inodes = {name: (site / name).stat().st_ino for name in files_of(site)}
    record = content / "communications/2021/al-oth-1-2021.yaml"
    record.write_text(record.read_text().replace("cobalt refineries", "nickel smelters"))
    built(content, site, cache=cache)
    after = {name: (site / name).stat().st_ino for name in files_of(site)}
    kept = {name for name in after if inodes.get(name) == after[name]}
    assert "communications/al-che-2-2021/index.html" in kept  # another letter: its page is the old file, linked
    assert "data/datapackage.json" in kept
    assert any(name.startswith("search/cards/") for name in kept)  # result cards hold no words of the letter
    assert "communications/al-oth-1-2021/index.html" not in kept  # the changed letter's page is written anew
    assert "nickel smelters" in (site / "communications/al-oth-1-2021/index.html").read_text()
    assert len(kept) > len(after) / 2


def test_pages_rendered_in_worker_processes_equal_pages_rendered_in_one(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    alone = files_of(built(content, tmp_path / "one", workers=1))
    shared = files_of(built(content, tmp_path / "three", workers=3))

    assert len(alone) > 50 and "communications/al-oth-1-2021/index.html" in alone
    assert sorted(alone) == sorted(shared)
    assert [name for name in alone if alone[name] != shared[name]] == []


def test_unchanged_pages_come_from_the_cache_and_changed_ones_are_built_again(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    built(content, tmp_path / "site", cache=cache)
    pages = PageCache(cache / "pages")
    keys = [entry.stem for entry in (cache / "pages").rglob("*.html")]
    assert keys
    marker = "<!-- SYNTHETIC: served from the page cache -->"
    for key in keys:  # mark every stored page (as the cache itself writes it), to see which a rebuild takes from it
        pages.put(key, pages.get(key) + marker)
    record = content / "communications/2021/al-oth-1-2021.yaml"
    changed = record.read_text(encoding="utf-8").replace("cobalt refineries", "nickel smelters")
    record.write_text(changed, encoding="utf-8")

    site = built(content, tmp_path / "site", cache=cache)

    changed = (site / "communications/al-oth-1-2021/index.html").read_text(encoding="utf-8")
    assert "nickel smelters" in changed and marker not in changed
    assert marker in (site / "communications/ua-oth-3-2026/index.html").read_text(encoding="utf-8")
    assert marker not in (site / "index.html").read_text(encoding="utf-8")  # pages in the nav are always built


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_page_cache_entry_is_rendered_again_and_the_site_equals_a_cold_build(tmp_path: Path, how: str):
    content = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    built(content, tmp_path / "site", cache=cache)
    entries = sorted((cache / "pages").rglob("*.html"), key=lambda p: p.stat().st_size)
    damage(entries[-1], entries[-2], how)  # the largest: letters' pages
    result = build_site(content, tmp_path / "site", cache=cache)
    assert result.returncode == 0, result.stderr
    assert "damaged page cache entry" in result.stderr and "Traceback" not in result.stderr
    assert files_of(tmp_path / "site") == files_of(built(content, tmp_path / "cold"))


def test_one_new_letter_rewrites_the_tables_and_the_feeds_it_belongs_to_and_no_other_feed(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    site = built(content, tmp_path / "site", cache=cache)
    before = {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    letter = synthetic.communication("UA OTH 77/2022", date(2022, 6, 1))  # to a company in Switzerland (CHE)
    synthetic.dump(letter, content / synthetic.record_path("communications", letter))
    built(content, site, cache=cache)
    rewritten = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
                 if before.get(p.relative_to(site).as_posix()) != p.stat().st_ino}
    feeds = {name for name in before if name.startswith("feeds/")}
    assert {"feeds/communications.xml", "feeds/countries/che.xml", "data/communications.csv"} <= rewritten
    other_feeds = {name for name in feeds if name.startswith("feeds/countries/") and name != "feeds/countries/che.xml"}
    assert other_feeds and not other_feeds & rewritten  # a country the letter is not about: its feed is the old file
    assert "data/mandates.csv" in rewritten  # its letters column counts the new one
    assert "data/datapackage.json" not in rewritten


def _add(content: Path, kind: str, record: dict) -> None:
    synthetic.dump(record, content / synthetic.record_path(kind, record))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


CHANGES = {
    # AL CHE 2/2021's text names AL PAK 4/2018, which the archive did not hold: now its page links it
    "a letter another's text names": lambda content: _add(
        content, "communications", synthetic.communication(
        "AL PAK 4/2018", date(2018, 2, 1), addressee={"kind": "state", "name": "Pakistan", "country": "PAK"},
        salutation="Excellency,")),
    "a reply to a letter awaiting one": lambda content: _add(
        content, "replies", synthetic.reply("UA OTH 3/2026", date(2026, 11, 20))),
    "a letter naming another as batch": lambda content: _add(content, "communications", synthetic.communication(
        "UA OTH 5/2026", date(2026, 11, 1), related=[{"reference": "UA OTH 3/2026", "relation": "batch"}])),
    # a year's records list each letter's batch: the 2021 file changes though no 2021 letter did
    "a letter of another year naming one as batch": lambda content: _add(
        content, "communications", synthetic.communication(
            "UA OTH 6/2025", date(2025, 3, 1), related=[{"reference": "AL OTH 1/2021", "relation": "batch"}])),
    "a letter removed": lambda content: (content / "communications/2026/ua-oth-3-2026.yaml").unlink(),
    "a provision's title": lambda content: _edit(content / "norms/testi.yaml", "number: '2'",
                                                  "number: '2'\n  title: SYNTHETIC renamed provision"),
    "a mandate's title": lambda content: _edit(content / "mandates/wg-other.yaml", "title: ",
                                                "title: SYNTHETIC renamed "),
    "the archive's date": lambda content: _edit(content / "archive.yaml", "as_of: ", "as_of: 2027-03-01\n#"),
}
"""Changes that reach pages other than the changed record's own: each is a dependency a page declares
(generator/render/reads.py)."""


@pytest.mark.parametrize("change", CHANGES)
def test_a_rebuild_after_each_kind_of_change_equals_a_cold_build(tmp_path: Path, change: str):
    content = rich_archive(tmp_path / "content")
    cache = tmp_path / "cache"
    site = built(content, tmp_path / "site", cache=cache)
    before = files_of(site)
    CHANGES[change](content)

    rebuilt, cold = files_of(built(content, site, cache=cache)), files_of(built(content, tmp_path / "cold"))

    assert sorted(rebuilt) == sorted(cold)
    assert [name for name in rebuilt if rebuilt[name] != cold[name]] == []
    assert rebuilt != before  # the change shows
