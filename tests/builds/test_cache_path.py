"""The build cache works wherever the repository lies: a cache made in one checkout serves another.

CI restores `.cache/sp-archive/` (.github/workflows/pages.yml) into a fresh checkout, which need
not be at the path the cache was made at. Each test copies the project (mkdocs.yml, docs/,
overrides/, generator/ and a small content/) to two different absolute paths, builds the first
with real MkDocs, moves its cache into the second and builds there: every page, record and
search analysis comes from the cache and the site is the same, byte for byte; what changed (a
record, a theme override, docs/, mkdocs.yml, the site's address) is rendered again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import synthetic
from conftest import MKDOCS, REPO
from site_files import files_of

from generator import environment
from generator.publish.pagecache import PageCache

CACHE = ".cache/sp-archive"
MARKER = "<!-- SYNTHETIC: served from the page cache -->"
SITE_URL = "https://owner.github.io/archive/"
FIRST, SECOND = "communications/al-oth-1-2021/", "communications/ua-oth-2-2022/"
OUTSIDE_NAV = [FIRST, SECOND, "norms/testi-1/", "norms/testi/", "mandates/sr-testing/",
               "addressees/synthetic-company-ltd/"]
"""Generated pages outside the nav, the ones the page cache holds."""


def project(folder: Path) -> Path:
    """A copy of the project at `folder`: mkdocs.yml, docs/, overrides/, generator/, the stemmer, a small content/."""
    folder.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    for name in ("docs", "overrides", "generator"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / ".cache/npm", folder / ".cache/npm", symlinks=True)  # the stemmer, as setup.sh installs it
    synthetic.write_archive(folder / "content", communications=[
        synthetic.communication(),
        synthetic.communication("UA OTH 2/2022", date(2022, 6, 1)),
    ])
    return folder


def build(folder: Path, site_url: str = "") -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in the copy at `folder`, on its own code, content and cache (the plugin's defaults)."""
    env = {key: value for key, value in os.environ.items()
           if key not in (environment.CONTENT, environment.CACHE, "SP_ARCHIVE_SITE_URL")}
    env.update({"PYTHONPATH": str(folder), "NO_MKDOCS_2_WARNING": "1", environment.WORKERS: "2"})
    if site_url:
        env["SP_ARCHIVE_SITE_URL"] = site_url
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           cwd=folder, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip() == str(folder / "generator/__init__.py")  # the copy's own code, at its own path
    result = subprocess.run([*MKDOCS, "build", "-f", str(folder / "mkdocs.yml")], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return result


def entries(cache: Path) -> dict[str, bytes]:
    """Every entry of a cache folder (records, pages, search analyses), by path."""
    return {path.relative_to(cache).as_posix(): path.read_bytes() for path in cache.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project at one path, built once with its cache."""
    folder = project(tmp_path_factory.mktemp("checkout") / "archive")
    build(folder)
    assert list((folder / CACHE / "pages").rglob("*.html"))
    return folder


def moved(first: Path, to: Path) -> Path:
    """A fresh copy of the project at `to`, deeper than the first, with the first's cache restored into it."""
    folder = project(to / "runner" / "work" / "archive")
    shutil.copytree(first / CACHE, folder / CACHE)
    return folder


def test_a_cache_made_at_another_path_serves_every_page_record_and_analysis_and_the_site_is_the_same(
    first: Path, tmp_path: Path
) -> None:
    second = moved(first, tmp_path)
    restored = entries(second / CACHE)

    result = build(second)

    assert entries(second / CACHE) == restored  # nothing parsed, rendered or analysed again: a miss would add an entry
    assert "the whole index taken from the last build" in result.stderr  # the search index, made at the first path
    first_site, second_site = files_of(first / "site"), files_of(second / "site")
    assert sorted(first_site) == sorted(second_site) and f"{FIRST}index.html" in first_site
    assert [name for name in first_site if first_site[name] != second_site[name]] == []


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}: pick another change"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _record(folder: Path) -> None:
    _replace(folder / "content/communications/2021/al-oth-1-2021.yaml", "More synthetic text.", "Nickel smelters.")


def _override(folder: Path) -> None:
    _replace(folder / "overrides/partials/copyright.html", "Found a transcription error?", "Found a SYNTHETIC slip?")


def _docs(folder: Path) -> None:
    with (folder / "docs/assets/archive.css").open("a", encoding="utf-8") as css:
        css.write("\n/* SYNTHETIC change */\n")


def _code(folder: Path) -> None:
    _replace(folder / "generator/render/common.py", "(Atom feed, for a feed reader)", "(Atom feed, SYNTHETIC)")


def _config(folder: Path) -> None:
    _replace(folder / "mkdocs.yml", "Code under the MIT licence.", "SYNTHETIC licence.")


CHANGES = {
    "nothing": (None, set(OUTSIDE_NAV), None),
    # the edited letter's page and every list holding it (its mandate, addressee, norms) read it: made again
    "a record": (_record, {SECOND}, (FIRST, "Nickel smelters.")),
    "a theme override": (_override, set(), (SECOND, "Found a SYNTHETIC slip?")),
    "docs/": (_docs, set(), None),
    # a renderer's own code: a cache made by the code before it would publish pages that code no longer makes
    "the generator's code": (_code, set(), ("mandates/sr-testing/", "(Atom feed, SYNTHETIC)")),
    "mkdocs.yml": (_config, set(), (SECOND, "SYNTHETIC licence.")),
    "the site's address": (None, set(), (SECOND, f'<link rel="canonical" href="{SITE_URL}{SECOND}">')),
}
"""What changes in the second checkout → the pages still taken from the cache, and a page that shows the change."""


@pytest.mark.parametrize("change", CHANGES)
def test_after_a_move_only_pages_whose_inputs_changed_are_rendered_again(
    first: Path, tmp_path: Path, change: str
) -> None:
    second = moved(first, tmp_path)
    pages = PageCache(second / CACHE / "pages")
    for entry in sorted((second / CACHE / "pages").rglob("*.html")):  # marked as the cache writes: which are read?
        pages.put(entry.stem, pages.get(entry.stem) + MARKER)
    edit, from_cache, shown = CHANGES[change]
    if edit is not None:
        edit(second)

    build(second, site_url=SITE_URL if change == "the site's address" else "")

    site = second / "site"
    served = {url for url in OUTSIDE_NAV if MARKER in (site / url / "index.html").read_text(encoding="utf-8")}
    assert served == from_cache
    assert MARKER not in (site / "index.html").read_text(encoding="utf-8")  # pages in the nav are always built
    if shown is not None:
        url, text = shown
        assert text in (site / url / "index.html").read_text(encoding="utf-8")
