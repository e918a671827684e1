"""Work spread over every core by forked processes: `forked_map` parses the records' YAML (validate/), makes
the pages' Markdown (build.py, into the spool) and aggregates the search index's word pairs (search/pairs.py), and
`render_pages` renders generated pages, each through MkDocs' own code path.

MkDocs converts every page in one process and keeps every page's HTML in memory
until it writes them all. For the generated pages outside the nav (letters, norms,
list pages: nearly the whole site) the plugin instead hands MkDocs a stub, and once
MkDocs has read every page (`on_env`: the nav and every title exist) forks workers
that run MkDocs' own steps for a page through its public API on the real Markdown
(the same plugin events, the same Material template), which write the page to the site
and offer it to the cache across builds (generator/publish/pagecache.py). Pages unchanged
since an earlier build are written from that cache before the workers start; MkDocs
writes none of the stubs. A page's bytes do not depend on the process that
rendered it (tests/builds/test_incremental.py builds with one and with three workers).

Workers are forked, so they start with the build's whole state and nothing is
pickled but page paths and counts. `mkdocs serve` renders in its own process: it
runs threads, and forking a threaded process is unsafe. Where the system cannot fork
(Windows), every map and every page is done in the build's own process (worker_count).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from .. import environment
from ..errors import RenderFailed

log = logging.getLogger("mkdocs.plugins.archive")  # the name MkDocs prints the plugin's messages under

PR_SET_PDEATHSIG = 1
CHUNK = 40
"""Pages per task at most: large enough to make the hand-off cheap, small enough to share the tail evenly."""
ROUND = 2000
"""Items (records, pages) a set of forked workers takes before it ends and another is forked (forked_map,
render_pages): a forked worker's memory grows with what it reads (forked_map says why)."""

RenderOne = Callable[[str], str]
"""Renders one page by its src_uri and returns its finished HTML."""
Keep = Callable[[str, str, bool], None]
"""Stores one page's HTML: (src_uri, html, clean), clean when MkDocs logged no warning for it."""

T = TypeVar("T")
R = TypeVar("R")
_job: Any = None
"""In a forked worker only, what it was forked to do: set by the pool's initializer in the worker, never in the
build's own process (which passes the job to the pool instead: a fork inherits it without pickling)."""


def forked_map(function: Callable[[T], R], items: Sequence[T], workers: int, chunk: int = CHUNK) -> list[R]:
    """[function(item) for item in items], in that order, spread over `workers` processes, this one among them.

    A forked process copies each memory page it writes to, and reading a record writes its
    reference count. So items are taken in rounds of ROUND, each on workers forked for it: a
    worker that lived through all 20,000 letters would end up with a copy of every record it
    read, one that lives through a round with at most that round's. And the parent takes
    ranges of items from the same queue as the workers: one fewer process, one fewer copy.

    The forked processes inherit `function` and `items`, so only results are pickled:
    they should be cheap (text rather than object graphs).
    """
    if workers <= 1 or len(items) <= chunk or not can_fork():
        return [function(item) for item in items]
    results: list[R] = []
    for start in range(0, len(items), ROUND):
        results += _forked_round(function, items[start : start + ROUND], workers, chunk)
    return results


def _forked_round(function: Callable[[T], R], items: Sequence[T], workers: int, chunk: int) -> list[R]:
    """One round of forked_map, on workers forked for it and ended after it."""
    ranges = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
    job = (function, items, ranges, multiprocessing.get_context("fork").Value("i", 0))
    forked = min(workers, len(ranges)) - 1
    with _fork_pool(forked, job) as pool:
        futures = [pool.submit(_take_ranges_forked) for _ in range(forked)]
        done = _take_ranges(job)
        for future in futures:
            done.update(future.result())
    return [result for number in range(len(ranges)) for result in done[number]]


def _take_ranges_forked() -> dict[int, list[Any]]:
    """In a worker: _take_ranges on the job it was forked for."""
    return _take_ranges(_job)


def _take_ranges(job: tuple[Callable[[Any], Any], Sequence[Any], list[tuple[int, int]], Any]) -> dict[int, list[Any]]:
    """Map ranges of items, taking the next from the shared queue, until none is left; {range number: results}."""
    function, items, ranges, next_range = job
    done: dict[int, list[Any]] = {}
    while True:
        with next_range.get_lock():
            number = next_range.value
            next_range.value += 1
        if number >= len(ranges):
            return done
        done[number] = [function(items[i]) for i in range(*ranges[number])]


@contextmanager
def _fork_pool(workers: int, job: object) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked workers that share the parent's objects instead of copying them; each is given `job`.

    A forked child copies each memory page it writes to, and the garbage collector writes
    to every object it visits: frozen, the parent's objects are never visited in the
    children, so they stay shared. No collection first: records and pages hold no cycles
    (reference counting frees them), and a full collection over millions of objects costs
    about a second per 5,000 letters, each time workers are forked.
    """
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
                                 initargs=(os.getpid(), job)) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _start_worker(parent: int, job: object) -> None:
    """In a worker, first: keep the job it was forked for, and die with the build."""
    global _job
    _job = job
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the build is (Linux's PR_SET_PDEATHSIG), not write on into an abandoned folder."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (ImportError, OSError, AttributeError):  # not Linux: workers still end when the pool's pipe closes
        return
    if os.getppid() != parent:  # the build died before the line above ran
        os._exit(1)


def can_fork() -> bool:
    """Whether this system forks processes (Windows does not; nor does a Python built without os.fork)."""
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def worker_count(option: int, environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """How many processes render pages: $SP_ARCHIVE_WORKERS, else the option, where 0 means one per usable core.

    One where the system cannot fork, and an info line says so: workers are forked, never spawned.
    """
    if not can_fork():
        log.info("This system cannot fork processes: the build runs in this one process")
        return 1
    chosen = environ.get(environment.WORKERS, "").strip()
    wanted = int(chosen) if chosen.isdigit() else option
    if wanted > 0:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def render_pages(src_uris: Sequence[str], render_one: RenderOne, keep: Keep, workers: int) -> Iterator[tuple[int, int]]:
    """Render and keep pages; yield (pages done, MkDocs warnings logged) as each batch finishes."""
    if workers <= 1 or len(src_uris) <= 1 or not can_fork():
        for src_uri in src_uris:
            yield 1, _render_and_keep(render_one, keep, src_uri)
        return
    size = max(1, min(CHUNK, len(src_uris) // (workers * 4)))
    for start in range(0, len(src_uris), ROUND):  # fresh workers each round, as forked_map's
        part = src_uris[start : start + ROUND]
        chunks = [list(part[i : i + size]) for i in range(0, len(part), size)]
        with _fork_pool(min(workers, len(chunks)), (render_one, keep)) as pool:
            futures = [pool.submit(_render_chunk, chunk) for chunk in chunks]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory): say so, never hang
                raise RenderFailed(f"a process rendering pages stopped unexpectedly ({exc})") from None
            finally:
                for future in futures:
                    future.cancel()


def _render_chunk(src_uris: list[str]) -> tuple[int, int]:
    """In a worker: render a batch; return (pages, warnings)."""
    render_one, keep = _job
    return len(src_uris), sum(_render_and_keep(render_one, keep, src_uri) for src_uri in src_uris)


class _Warnings(logging.Handler):
    """Counts the warnings (and worse) logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _render_and_keep(render_one: RenderOne, keep: Keep, src_uri: str) -> int:
    """Render one page and keep it; return the warnings MkDocs logged meanwhile (strict builds fail on them)."""
    counter = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        html = render_one(src_uri)
    except Exception as exc:  # the message crosses the process boundary as text
        raise RenderFailed(f"rendering {src_uri} failed: {type(exc).__name__}: {exc}") from None
    finally:
        logger.removeHandler(counter)
    keep(src_uri, html, counter.count == 0)
    return counter.count
