"""The MkDocs plugin, the archive's one boundary with MkDocs: each event runs a phase of generator/build.py.

    on_config       HOLD, then gather(): LOAD … INDEX (content errors stop `build`; `serve` shows them)
    on_files        STUBS
    on_page_*       CONVERT (the nav's pages; the stubs pass through empty)
    on_env          RENDER (from the page cache, then on every core)
    on_post_page    COMPACT
    on_post_build   FILES, VERIFY
    on_shutdown     PUBLISH, and the build's state let go of

This package is the only code that imports MkDocs: config.py (the options), state.py (what
a build carries between events), pages.py (pages in MkDocs' terms), logs.py (messages), theme.py
(the theme's parts shared per folder), assets.py (theme files no page uses), and here the events.
Nothing a build changes outside itself outlives it: the date it gives MkDocs, the hook that
prints a file-system error in one line, the filter on MkDocs' logger are all put back.
"""

from __future__ import annotations

import calendar
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from .. import build
from ..errors import ContentInvalid, PublishFailed, RenderFailed, StemmerMissing
from ..publish.pagecache import PageCache, PageStore, environment_fingerprint
from ..publish.spool import MarkdownSpool
from ..publish.staging import discard, spool_dir, staging_dir
from ..render.makers import NAV_URLS
from ..render.problems import render_problems
from ..util.progress import Progress
from ..util.workers import render_pages, worker_count
from .assets import leave_out_unused
from .config import ArchiveConfig, cache_folder, content_dir, size_warning_mb
from .logs import KEPT, one_line_for_os_errors, quiet_skips
from .pages import add_pages, generated_file, render_for_real, write_page
from .state import Run
from .theme import SharedPartials, sharing_enabled

log = logging.getLogger("mkdocs.plugins.archive")


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    """Builds the archive's pages and search index from content/."""

    def __init__(self) -> None:
        self.serving = False
        self.run: Run | None = None
        self.hook_was: Callable[..., object] | None = None  # sys.excepthook before on_startup; back in on_shutdown

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`mkdocs build`: a file-system error the build meets (a full disk) is told in one line, until on_shutdown."""
        self._start(serving=command == "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """HOLD, then gather() (LOAD … INDEX): everything the site is made of, before MkDocs reads a page."""
        return self._gathered(self._held(config), config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """STUBS: the generated pages join MkDocs' files (and the theme's files no page uses leave)."""
        return self._stubs(files, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Kept for RENDER, which renders the stubs in the nav's context."""
        return self.run.keep_nav(nav) if self.run is not None else nav

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """CONVERT: a stub converts nothing (RENDER renders it); a nav page's raw HTML blocks are set aside."""
        return self.run.markdown(markdown, page) if self.run is not None else markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """CONVERT: a nav page's (or a stub rendered for real) HTML, its raw blocks put back, sanitised."""
        return self.run.content(html, page) if self.run is not None else html

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """RENDER: every page has been read and the nav is complete; the stubs are written before MkDocs writes."""
        return self._render_stubs(env, config, files)

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """COMPACT: every page's HTML; a stub MkDocs itself would write is already written (empty: not again)."""
        return self.run.output(output, page) if self.run is not None else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """FILES and VERIFY: the index, data and records join the pages; the finished folder is checked."""
        self._finish(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build: the unpublished folder and the spool go; the previous site stays."""
        self._failed()

    def on_shutdown(self) -> None:
        """PUBLISH (a build MkDocs let finish), then everything the build held or changed is let go of."""
        self._shutdown()

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """`mkdocs serve` builds again when content/ changes."""
        return self._watched(server)

    # ------------------------------------------------------------ the phases' MkDocs side

    def _start(self, serving: bool) -> None:
        self.serving = serving
        if not serving:
            self.hook_was = sys.excepthook
            sys.excepthook = one_line_for_os_errors(sys.excepthook)

    def _held(self, config: MkDocsConfig) -> Run:
        """HOLD: the options read, the site folder locked (not when serving), the page cache opened."""
        self._end_build()  # `mkdocs serve` configures again for every rebuild
        if not config.use_directory_urls:
            raise PluginError("the archive plugin needs use_directory_urls: true (permanent URLs end in '/')")
        cache_root = cache_folder(self.config.cache_dir, config)
        site_dir, lock = Path(config.site_dir), None
        if not self.serving:  # the lock first: the spool and the new site go beside the site folder
            try:
                folder, lock, removed = build.hold(site_dir)
            except PublishFailed as exc:
                raise PluginError(f"{exc}{KEPT}") from None
            if folder != site_dir:
                log.info("%s is a symbolic link: the site is published into %s, the folder it points to",
                         site_dir, folder)
            for leftover in removed:
                log.info("Removed %s, left by a build that did not finish", leftover)
            site_dir = folder
        theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        fingerprint = environment_fingerprint(Path(config.config_file_path), Path(config.docs_dir), theme_dir,
                                              config.site_url or "")
        store = PageStore(PageCache(cache_root / "pages") if cache_root else None, fingerprint)
        workers = 1 if self.serving else worker_count(self.config.workers)
        run = Run(content_dir(self.config.content_dir, config), workers, MarkdownSpool(spool_dir(site_dir)), store,
                  cache_root=cache_root, lock=lock, size_limit_mb=size_warning_mb())
        if not self.serving:
            run.site_dir = site_dir
        self.run = run
        return run

    def _gathered(self, run: Run, config: MkDocsConfig) -> MkDocsConfig:
        """LOAD … INDEX, then MkDocs told the site's name and date, and (building) to write into a new folder."""
        try:
            gathered = build.gather(run.content_dir, run.spool, run.cache_root, run.workers, config.site_url or "",
                                    run.store)
        except ContentInvalid as invalid:
            if not self.serving:
                raise PluginError(str(invalid)) from None
            # `mkdocs serve` shows the errors in the browser (and again when a save still leaves some).
            problems = render_problems(invalid.problems, sorted(NAV_URLS))
            run.pages = {page.src_uri: page for page in run.spool.write(problems)}
            return config
        except StemmerMissing as missing:
            raise PluginError(f"{missing}{KEPT}") from None
        _give_memory_back()
        report = gathered.report
        for damaged in report.damaged:
            log.warning("damaged search cache entry %s ignored; what it held was made again", damaged)
        log.info("Search index made in %.2f s: %d document(s) analysed, %d read from the cache%s",
                 report.seconds, report.analysed, report.cached,
                 "; the whole index taken from the last build, as nothing it reads changed" if report.reused else "")
        run.gathered, run.pages = gathered, dict(gathered.pages)
        config.site_name = Markup(escape(gathered.views.archive.title))
        run.date_pages(calendar.timegm(gathered.views.archive.as_of.timetuple()))
        if run.site_dir is not None:
            run.staging = staging_dir(run.site_dir)
            config.site_dir = str(run.staging)
        return config

    def _stubs(self, files: Files, config: MkDocsConfig) -> Files:
        """STUBS, MkDocs' side."""
        assert self.run is not None
        for unused in leave_out_unused(files, config):
            log.debug("Left out %s: a theme file no page uses (generator/plugin/assets.py)", unused.src_uri)
        add_pages(self.run, files, config)
        self.run.progress = Progress("pages read", len(files.documentation_pages()))
        return files

    def _render_stubs(self, env, config: MkDocsConfig, files: Files):
        """RENDER: the stubs the page cache holds written from it, the others rendered on every core."""
        run = self.run
        if run is None or run.nav is None:
            return env
        if run.progress is not None:
            run.progress.close()

        def write(src_uri: str, html: str) -> None:
            write_page(generated_file(files, src_uri), html, run.site_dir)

        if run.gathered is not None:
            pending, made = build.from_cache(run.gathered, run.keys, run.store, write)
            run.pages.update(made)
        else:  # the page of problems `mkdocs serve` shows: nothing cached
            pending = list(run.keys)
        for damaged in run.store.cache.damaged if run.store.cache else []:
            log.warning("damaged page cache entry %s ignored; the page was rendered again", damaged)
        quiet_skips(set(run.keys))  # written from the cache above, or by the workers below: MkDocs skips them
        if sharing_enabled():
            SharedPartials(set(pending)).share(env)
        run.progress = Progress("pages rendered", len(pending))
        doc_files = files.documentation_pages()
        nav = run.nav
        assert nav is not None

        def render_one(src_uri: str) -> str:
            return render_for_real(run, src_uri, config, files, doc_files, nav, env)

        def keep(src_uri: str, html: str, clean: bool) -> None:
            run.store.keep(run.keys[src_uri], html, clean)

        warnings = 0
        try:
            for done, warned in render_pages(pending, render_one, keep, run.workers):
                run.progress.advance(done)
                warnings += warned
        except RenderFailed as exc:
            raise PluginError(f"{exc}{KEPT}") from None
        run.progress.close()
        if warnings:
            log.warning("%d warning(s) while rendering pages (shown above)", warnings)
        run.progress = Progress("pages written", len(doc_files))
        return env

    def _finish(self, output: Path) -> None:
        """FILES and VERIFY; the spool goes once every page and file is in the site."""
        run = self.run
        assert run is not None
        if run.progress is not None:
            run.progress.close()
        if run.gathered is not None:
            try:
                build.add_files(run.gathered, output, run.site_dir)
            except OSError as exc:
                message = f"could not write the search index and data into {output}: {exc.strerror or exc}{KEPT}"
                raise PluginError(message) from None
        run.spool.remove()
        quiet_skips(None)
        if run.staging is None or run.site_dir is None or run.gathered is None:
            return
        problems = build.verify(run.gathered, output)
        if problems:
            print("\n".join(problems), file=sys.stderr, flush=True)
            raise PluginError(f"{len(problems)} problem(s) in the built site (listed above){KEPT}")
        # Published in on_shutdown: a strict build still fails after this event (MkDocs then calls
        # on_build_error, which discards the new site), so only a build MkDocs let finish is put in place.
        run.checked = True
        run.gathered = None  # the index and data (some 150 MB at 20,000 letters) are in the site: let them go

    def _publish(self, run: Run) -> None:
        """PUBLISH: the checked new site put in place; a failure is one line on stderr and exit status 1."""
        assert run.staging is not None and run.site_dir is not None
        try:
            size, warning = build.published(run.staging, run.site_dir, run.size_limit_mb)
        except (OSError, PublishFailed) as exc:
            log.error("could not put the new site in place at %s: %s%s", run.site_dir,
                      getattr(exc, "strerror", None) or exc, KEPT)
            raise SystemExit(1) from None
        run.staging = None
        log.info("Site published at %s: %s MB in %s files", run.site_dir, f"{size.mb:,.1f}", f"{size.files:,}")
        # A plain warning, logged after MkDocs' build has ended, so `--strict` (which counts warnings only
        # while it builds) does not fail on it: the size limits one host, not the archive (README, Hosting).
        if warning:
            log.warning(warning)

    def _failed(self) -> None:
        if self.run is not None:
            discard(self.run.staging)
            self.run.staging = None
            self.run.checked = False
            self.run.spool.remove()
        quiet_skips(None)

    def _shutdown(self) -> None:
        try:
            if self.run is not None and self.run.checked and self.run.staging is not None:
                self._publish(self.run)
        finally:
            self._end_build()
            quiet_skips(None)
            if self.hook_was is not None and sys.exc_info()[0] is None:  # an error on its way out keeps its one line
                sys.excepthook, self.hook_was = self.hook_was, None

    def _watched(self, server):
        if self.run is not None:
            server.watch(str(self.run.content_dir))
        return server

    def _end_build(self) -> None:
        """Let go of what this build held and changed (generator/plugin/state.py's Run.end)."""
        if self.run is not None:
            self.run.end()
        self.run = None


def _give_memory_back() -> None:
    """Return the memory freed after loading to the system, so forked workers do not count it."""
    try:
        import ctypes  # here, not above: the plugin imports where ctypes is missing

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (ImportError, OSError, AttributeError):  # not glibc: the memory is freed, only not returned early
        pass
