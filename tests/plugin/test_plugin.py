"""The plugin (generator/plugin/): a build run inside a process leaves nothing of itself behind in it.

MkDocs' own `build` command is run in this test's process (click's runner, real MkDocs,
real workers forked from here): afterwards the process's excepthook, environment,
MkDocs' loggers and the worker pool's module are as they were. `mkdocs serve` rebuilds
in one process for hours: a date or a hook one build set must not reach the next.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, rich_archive
from mkdocs.__main__ import cli

from generator.util import workers

EPOCH = "SOURCE_DATE_EPOCH"


@pytest.fixture(autouse=True)
def mkdocs_cli_state() -> Iterator[None]:
    """MkDocs' command line sets up its logger (level from -q, a handler a run) and Python's warning filters: put
    back after each test, so that the tests after these see the process as it was (only the plugin is under test)."""
    logger = logging.getLogger("mkdocs")
    level, handlers, propagate = logger.level, list(logger.handlers), logger.propagate
    with warnings.catch_warnings():
        yield
    logger.setLevel(level)
    logger.handlers[:] = handlers
    logger.propagate = propagate


def _build(content: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SP_ARCHIVE_CONTENT", str(content))
    monkeypatch.setenv("SP_ARCHIVE_CACHE", "")
    monkeypatch.setenv("SP_ARCHIVE_WORKERS", "2")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "communications/al-oth-1-2021/index.html").is_file()


def test_a_build_in_this_process_leaves_its_globals_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(EPOCH, raising=False)
    hook = sys.excepthook

    _build(rich_archive(tmp_path / "content"), tmp_path / "site", monkeypatch)

    assert sys.excepthook is hook
    assert EPOCH not in os.environ  # the sitemap's date of this build does not stick to the next
    for name in ("mkdocs", "mkdocs.commands.build"):  # MkDocs' own filters may join; none of the archive's stays
        assert [f for f in logging.getLogger(name).filters if type(f).__module__.startswith("generator")] == []
    assert workers._job is None  # the job is handed to the forked workers, never kept in the build's process


def test_a_date_set_by_the_caller_is_the_sitemaps_and_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(EPOCH, "1000000000")  # 2001-09-09
    monkeypatch.setenv("SP_ARCHIVE_SITE_URL", "https://example.org/")  # a sitemap lists pages only with an address

    _build(rich_archive(tmp_path / "content"), tmp_path / "site", monkeypatch)

    assert os.environ[EPOCH] == "1000000000"
    assert "<lastmod>2001-09-09</lastmod>" in (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
