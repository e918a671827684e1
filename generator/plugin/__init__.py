"""Stage 5: the MkDocs plugin, the archive's one boundary with MkDocs. Thin event handlers over load → link → render
→ site.

`mkdocs build` and `mkdocs serve` do everything: validate content/ (errors printed
as `sp-archive validate` prints them; the build stops before writing), add the
rendered pages as generated files (their Markdown waits in a spool on disk,
generator/spool.py), render those outside the nav on every core (generator/workers.py),
sanitise their HTML, write the search index (generator/search/), and (for `build`) swap
the new site into place only when all succeeded.

This package is the only code that imports MkDocs: config.py (the options), state.py (what
a build carries between events), pages.py (writing stub pages), logs.py (messages), theme.py
(the theme's parts shared per folder), and here the events.
"""

from __future__ import annotations

import calendar
import logging
import os
import sys
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from ..build import gather
from ..errors import ContentInvalid, PublishFailed, RenderFailed, StemmerMissing
from ..html.compact import compact
from ..html.sanitise import sanitise
from ..pagecache import CACHED_TEMPLATE, PageCache, PageStore, environment_fingerprint
from ..progress import Progress
from ..render.pages import NAV_PAGES, NAV_URLS
from ..render.problems import render_problems
from ..site import (
    BuildLock,
    check_site,
    discard,
    publish,
    remove_leftovers,
    site_folder,
    site_size,
    size_warning,
    spool_dir,
    staging_dir,
    write_files,
)
from ..spool import MarkdownSpool, Spooled
from ..workers import render_pages, worker_count
from .assets import leave_out_unused
from .config import ArchiveConfig, cache_folder, content_dir, size_warning_mb
from .logs import KEPT, one_line_for_os_errors, quiet_skips
from .pages import generated_file, write_cached_pages, write_page
from .state import Build
from .theme import SharedPartials, sharing_enabled

log = logging.getLogger("mkdocs.plugins.archive")


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    """Builds the archive's pages and search index from content/."""

    def __init__(self) -> None:
        self.serving = False
        self.build: Build | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if not self.serving:
            sys.excepthook = one_line_for_os_errors(sys.excepthook)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("the archive plugin needs use_directory_urls: true (permanent URLs end in '/')")
        self._end_build()  # `mkdocs serve` configures again for every rebuild
        root = content_dir(self.config.content_dir, config)
        cache_root = cache_folder(self.config.cache_dir, config)
        workers = 1 if self.serving else worker_count(self.config.workers)
        size_limit_mb = size_warning_mb()
        site_dir = Path(config.site_dir)
        lock = None
        if not self.serving:  # the lock first: the spool and the new site go beside the site folder
            site_dir, lock = _hold_site(site_dir)
        build = Build(content_dir=root, store=PageStore(None, b""), workers=workers,
                      spool=MarkdownSpool(spool_dir(site_dir)))
        build.lock = lock
        build.size_limit_mb = size_limit_mb
        self.build = build
        theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        fingerprint = environment_fingerprint(Path(config.config_file_path), Path(config.docs_dir), theme_dir,
                                              config.site_url or "")
        build.store = PageStore(PageCache(cache_root / "pages") if cache_root else None, fingerprint)
        try:
            gathered = gather(root, build.spool, cache_root, workers, config.site_url or "", build.store)
        except ContentInvalid as invalid:
            if not self.serving:
                raise PluginError(str(invalid)) from None
            # `mkdocs serve` shows the errors in the browser (and again when a save still leaves some).
            problems = render_problems(invalid.problems, sorted(NAV_URLS))
            build.pages = {page.src_uri: page for page in build.spool.write(problems)}
            return config
        except StemmerMissing as missing:
            raise PluginError(f"{missing}{KEPT}") from None
        _give_memory_back()
        views, report = gathered.views, gathered.report
        for damaged in report.damaged:
            log.warning("damaged search cache entry %s ignored; the document was analysed again", damaged)
        log.info("Search index made in %.2f s: %d document(s) analysed, %d read from the cache",
                 report.seconds, report.analysed, report.cached)
        build.gathered = gathered
        build.pages = gathered.pages
        build.files = gathered.files
        build.spooled_files = gathered.spooled_files
        config.site_name = Markup(escape(views.archive.title))
        # sitemap.xml's <lastmod> is the archive's as_of date, not the day of the build (MkDocs reads
        # SOURCE_DATE_EPOCH), so that two builds of the same content stay byte-identical.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(views.archive.as_of.timetuple())))
        if not self.serving:
            build.site_dir = site_dir
            build.staging = staging_dir(site_dir)
            config.site_dir = str(build.staging)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for unused in leave_out_unused(files, config):
            log.debug("Left out %s: a theme file no page uses (generator/plugin/assets.py)", unused.src_uri)
        for src_uri, made in self.build.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"docs/{src_uri} collides with a generated page; remove it from docs/")
            if src_uri in NAV_PAGES:
                assert isinstance(made, Spooled)  # a nav page is always made (PageStore.unchanged)
                markdown = self.build.spool.read(made)
                files.append(File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.INCLUDED))
                continue
            # A stub: its Markdown stays in the spool until the process that renders the page reads it (or,
            # Unchanged, its HTML comes from the page cache).
            self.build.outside_nav.append(src_uri)
            self.build.page_keys[src_uri] = self.build.store.key(src_uri, made.key)
            files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        self.build.progress = Progress("pages read", len(files.documentation_pages()))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.build is not None:
            self.build.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if self.build is None or page.file.src_uri not in self.build.pages:
            return markdown
        if self.build.stubbed(page.file.src_uri):
            # Rendered by a worker before MkDocs writes pages; on_post_page puts the HTML in place.
            page.meta["template"] = CACHED_TEMPLATE
            return ""
        return self.build.raw.set_aside(markdown)

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if self.build is None or page.file.src_uri not in self.build.pages:
            return html
        if self.build.rendering is None and self.build.progress is not None:
            self.build.progress.advance()
        if self.build.stubbed(page.file.src_uri):
            return ""
        return sanitise(self.build.raw.put_back(html))

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Every page has been read and the nav is complete: render the stubbed pages, then MkDocs writes them all.
        build = self.build
        if build is None or build.nav is None:
            return env
        if build.progress is not None:
            build.progress.close()
        pending = write_cached_pages(build, files)
        for damaged in build.store.cache.damaged if build.store.cache else []:
            log.warning("damaged page cache entry %s ignored; the page was rendered again", damaged)
        build.store.rendered = set(build.outside_nav)  # written from the cache above, or by the workers below
        quiet_skips(build.store.rendered)
        if sharing_enabled():
            SharedPartials(set(pending)).share(env)
        build.progress = Progress("pages rendered", len(pending))
        doc_files = files.documentation_pages()
        nav = build.nav

        def render_one(src_uri: str) -> str:
            return self._render_for_real(src_uri, config, files, doc_files, nav, env)

        def keep(src_uri: str, html: str, clean: bool) -> None:
            build.store.keep(build.page_keys[src_uri], html, clean)

        warnings = 0
        try:
            for done, warned in render_pages(pending, render_one, keep, build.workers):
                build.progress.advance(done)
                warnings += warned
        except RenderFailed as exc:
            raise PluginError(f"{exc}{KEPT}") from None
        build.progress.close()
        if warnings:
            log.warning("%d warning(s) while rendering pages (shown above)", warnings)
        build.progress = Progress("pages written", len(doc_files))
        return env

    def _render_for_real(self, src_uri: str, config: MkDocsConfig, files: Files, doc_files, nav: Navigation,
                         env) -> str:
        """One stubbed page, rendered on its real Markdown through MkDocs' public page API, and written; its HTML.

        The steps and plugin events are those of MkDocs' own build of a page (read the
        source, Markdown, the theme's template, `post_page`), on a fresh Page for the same
        file: the stub MkDocs carries is left as it was.
        """
        assert self.build is not None
        file = generated_file(files, src_uri)
        stub = file.page
        self.build.rendering = src_uri
        made = self.build.pages[src_uri]
        assert isinstance(made, Spooled)  # pages left to render were made (or made again by remake)
        file.content_string = self.build.spool.read(made)
        try:
            page = config.plugins.on_pre_page(MkDocsPage(None, file, config), config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None  # read_source sets it
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            assert page.content is not None  # render sets it
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            page.active = True
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            html = config.plugins.on_post_page(template.render(context), page=page, config=config)
        finally:
            self.build.rendering = None
            file.content_string = ""
            file.page = stub  # a new Page registers itself with its file: in-process (serve) the stub goes back
        write_page(file, html, self.build.site_dir)
        return html

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.build is None:
            return output
        src_uri = page.file.src_uri
        if self.build.rendering == src_uri:
            return compact(output)
        if self.build.progress is not None:
            self.build.progress.advance()
        if self.build.stubbed(src_uri):
            return ""  # written from the cache or by a worker; empty output tells MkDocs not to write it again
        return compact(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        if self.build.progress is not None:
            self.build.progress.close()
        output = Path(config.site_dir)
        try:
            self.build.spool.move_files(output, self.build.site_dir)
            write_files(self.build.files, output, self.build.site_dir)
        except OSError as exc:
            message = f"could not write the search index and data into {output}: {exc.strerror or exc}{KEPT}"
            raise PluginError(message) from None
        self.build.spool.remove()  # every page and file is in the site: the spool is no longer needed
        quiet_skips(None)
        if self.build.staging is None or self.build.site_dir is None:
            return
        problems = check_site(output, [uri.removesuffix("index.md") for uri in self.build.pages], self.build.files,
                              self.build.spooled_files)
        if problems:
            print("\n".join(problems), file=sys.stderr, flush=True)
            raise PluginError(f"{len(problems)} problem(s) in the built site (listed above){KEPT}")
        self.build.files = {}
        # Published in on_shutdown: a strict build still fails after this event (MkDocs then calls
        # on_build_error, which discards the new site), so only a build MkDocs let finish is put in place.
        self.build.checked = True

    def _publish(self) -> None:
        """Put the checked new site in place; a failure is one line on stderr and exit status 1."""
        build = self.build
        assert build is not None and build.staging is not None and build.site_dir is not None
        try:
            publish(build.staging, build.site_dir)
        except (OSError, PublishFailed) as exc:
            log.error("could not put the new site in place at %s: %s%s", build.site_dir,
                      getattr(exc, "strerror", None) or exc, KEPT)
            raise SystemExit(1) from None
        build.staging = None
        size = site_size(build.site_dir)
        log.info("Site published at %s: %s MB in %s files", build.site_dir, f"{size.mb:,.1f}", f"{size.files:,}")
        # A plain warning, logged after MkDocs' build has ended, so `--strict` (which counts warnings only
        # while it builds) does not fail on it: the size limits one host, not the archive (README, Hosting).
        warning = size_warning(size, build.size_limit_mb)
        if warning:
            log.warning(warning)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            discard(self.build.staging)
            self.build.staging = None
            self.build.checked = False
            self.build.spool.remove()
        quiet_skips(None)

    def on_shutdown(self) -> None:
        try:
            if self.build is not None and self.build.checked and self.build.staging is not None:
                self._publish()
        finally:
            self._end_build()
            quiet_skips(None)

    def _end_build(self) -> None:
        """Remove what this build kept beside the site (spool, unpublished folder) and let go of the lock."""
        if self.build is not None:
            discard(self.build.staging)
            self.build.spool.remove()
            if self.build.lock is not None:
                self.build.lock.release()
        self.build = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.build is not None:
            server.watch(str(self.build.content_dir))
        return server


def _hold_site(site_dir: Path) -> tuple[Path, BuildLock]:
    """The folder this build publishes, locked, with what killed builds left beside it removed.

    A linked site/ is published into the folder it points to (generator/site.py's `site_folder`);
    the link stays as it is, and what was left beside the link is removed too.
    """
    try:
        folder = site_folder(site_dir)
        lock = BuildLock(folder)
        lock.acquire()
    except PublishFailed as exc:
        raise PluginError(f"{exc}{KEPT}") from None
    if folder != site_dir:
        log.info("%s is a symbolic link: the site is published into %s, the folder it points to", site_dir, folder)
    for leftover in remove_leftovers(folder) + (remove_leftovers(site_dir) if folder != site_dir else []):
        log.info("Removed %s, left by a build that did not finish", leftover)
    return folder, lock


def _give_memory_back() -> None:
    """Return the memory freed after loading to the system, so forked workers do not count it."""
    try:
        import ctypes  # here, not above: the plugin imports where ctypes is missing

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (ImportError, OSError, AttributeError):  # not glibc: the memory is freed, only not returned early
        pass
