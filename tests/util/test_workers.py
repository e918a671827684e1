"""Pages rendered in worker processes: every page once, failures named, warnings counted."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from generator.errors import RenderFailed
from generator.util import workers as workers_module
from generator.util.workers import forked_map, render_pages, worker_count


def test_worker_count_follows_the_environment_then_the_option_then_the_cores():
    assert worker_count(0, {"SP_ARCHIVE_WORKERS": "3"}) == 3
    assert worker_count(2, {}) == 2
    assert worker_count(0, {}) == len(os.sched_getaffinity(0))
    assert worker_count(0, {"SP_ARCHIVE_WORKERS": "many"}) == len(os.sched_getaffinity(0))


def _doubled_where(number: int) -> tuple[int, int]:
    time.sleep(0.005)
    return number * 2, os.getpid()


@pytest.mark.parametrize("workers", [1, 3])
def test_forked_map_keeps_the_order_and_this_process_takes_a_share(workers: int):
    results = forked_map(_doubled_where, list(range(120)), workers, chunk=4)
    assert [doubled for doubled, _ in results] == [n * 2 for n in range(120)]
    processes = {pid for _, pid in results}
    assert os.getpid() in processes  # the parent works too: one fewer copy of its memory is forked
    assert len(processes) == workers


@pytest.mark.parametrize("workers", [1, 2])
def test_every_page_is_rendered_once_and_kept(tmp_path: Path, workers: int):
    pages = [f"communications/synthetic-{i}/index.md" for i in range(100)]

    def render_one(src_uri: str) -> str:
        return f"<p>{src_uri} rendered in {os.getpid()}</p>"

    def keep(src_uri: str, html: str, clean: bool) -> None:  # runs in the worker: leave a file, as the page store does
        (tmp_path / src_uri.replace("/", "_")).write_text(html)

    done = sum(count for count, _ in render_pages(pages, render_one, keep, workers))

    kept = sorted(p.name for p in tmp_path.iterdir())
    assert done == 100 and kept == sorted(p.replace("/", "_") for p in pages)
    pids = {p.read_text().rsplit(" ", 1)[1] for p in tmp_path.iterdir()}
    assert (len(pids) > 1) == (workers > 1)  # really other processes, when asked for


def test_fresh_workers_are_forked_for_each_set_of_pages_so_their_memory_does_not_grow(tmp_path, monkeypatch):
    monkeypatch.setattr(workers_module, "ROUND", 30)
    pages = [f"communications/synthetic-{i}/index.md" for i in range(100)]

    def render_one(src_uri: str) -> str:
        return f"<p>{src_uri} rendered in {os.getpid()}</p>"

    def keep(src_uri: str, html: str, clean: bool) -> None:
        (tmp_path / src_uri.replace("/", "_")).write_text(html)

    assert sum(count for count, _ in render_pages(pages, render_one, keep, 2)) == 100
    assert len(list(tmp_path.iterdir())) == 100
    pids = {p.read_text().rsplit(" ", 1)[1] for p in tmp_path.iterdir()}
    assert len(pids) > 2  # four sets of pages, each by workers forked for it


def test_a_page_that_fails_in_a_worker_is_named(tmp_path: Path):
    pages = [f"norms/synthetic-{i}/index.md" for i in range(20)]

    def render_one(src_uri: str) -> str:
        if src_uri.endswith("13/index.md"):
            raise ValueError("SYNTHETIC failure")
        return "<p>fine</p>"

    with pytest.raises(RenderFailed, match=r"norms/synthetic-13/index.md failed: ValueError: SYNTHETIC failure"):
        list(render_pages(pages, render_one, lambda *_: None, 2))


def test_warnings_logged_while_rendering_are_counted_and_their_pages_not_kept_as_clean(tmp_path: Path):
    pages = [f"years/{2000 + i}/index.md" for i in range(12)]

    def render_one(src_uri: str) -> str:
        if "2003" in src_uri:
            logging.getLogger("mkdocs.structure.pages").warning("SYNTHETIC: a link to a missing page")
        return "<p>page</p>"

    def keep(src_uri: str, html: str, clean: bool) -> None:
        if not clean:
            (tmp_path / "unclean").write_text(src_uri)

    warnings = sum(count for _, count in render_pages(pages, render_one, keep, 2))
    assert warnings == 1
    assert (tmp_path / "unclean").read_text() == "years/2003/index.md"
