"""Stage 5: the MkDocs plugin. Thin event handlers over load → link → render → site.

`mkdocs build` and `mkdocs serve` do everything: validate content/ (errors printed
as `sp-archive validate` prints them; the build stops before writing), add the
rendered pages as generated files, sanitise their HTML, index the output with
Pagefind, and (for `build`) swap the new site into place only when all succeeded.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import CountHandler

from .cache import DocumentCache
from .errors import format_errors
from .pagecache import CACHED_TEMPLATE, PageCache, environment_fingerprint
from .link import Views, link_content
from .progress import Progress
from .render.pages import NAV_URLS, all_pages
from .render.rawblocks import RawBlocks
from .render.sanitise import sanitise
from .site import discard, run_pagefind, staging_dir, swap_into_place
from .validate import load_content

ENV_CONTENT = "SP_ARCHIVE_CONTENT"
ENV_CACHE = "SP_ARCHIVE_CACHE"
log = logging.getLogger("mkdocs.plugins.archive")


class ArchiveConfig(base.Config):
    """Options of the `archive` plugin in mkdocs.yml."""

    content_dir = c.Type(str, default="content")
    """The content folder, relative to mkdocs.yml; the SP_ARCHIVE_CONTENT environment variable overrides it."""
    cache_dir = c.Type(str, default=".cache/sp-archive")
    """Where parsed records are kept between builds, relative to mkdocs.yml; '' turns the cache off."""


@dataclass
class _Build:
    """What one build carries from event to event."""

    content_dir: Path
    pages: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    raw: RawBlocks = field(default_factory=RawBlocks)
    page_cache: PageCache | None = None
    cacheable: set[str] = field(default_factory=set)
    cached_html: dict[str, str] = field(default_factory=dict)
    page_keys: dict[str, str] = field(default_factory=dict)
    progress: Progress | None = None
    site_dir: Path | None = None
    staging: Path | None = None


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    """Builds the archive's pages from content/ and indexes the site with Pagefind."""

    def __init__(self) -> None:
        self.serving = False
        self.build: _Build | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("the archive plugin needs use_directory_urls: true (permanent URLs end in '/')")
        build = _Build(content_dir=content_dir(self.config.content_dir, config))
        cache_root = _cache_root(self.config.cache_dir, config)
        views = linked_content(build.content_dir, DocumentCache(cache_root) if cache_root else None)
        for generated in all_pages(views):
            build.pages[generated.src_uri] = generated.markdown
        if cache_root:
            theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
            fingerprint = environment_fingerprint(Path(config.config_file_path), Path(config.docs_dir), theme_dir, views.archive.title)
            build.page_cache = PageCache(cache_root / "pages", fingerprint)
        config.site_name = Markup(escape(views.archive.title))
        if not self.serving:
            build.site_dir = Path(config.site_dir)
            build.staging = staging_dir(build.site_dir)
            config.site_dir = str(build.staging)
        self.build = build
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        nav_uris = {f"{url}index.md" for url in NAV_URLS}
        for src_uri, markdown in self.build.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"docs/{src_uri} collides with a generated page; remove it from docs/")
            inclusion = InclusionLevel.INCLUDED if src_uri in nav_uris else InclusionLevel.NOT_IN_NAV
            if inclusion is InclusionLevel.NOT_IN_NAV:
                self.build.cacheable.add(src_uri)
            files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion))
        self.build.progress = Progress("pages converted", len(files.documentation_pages()))
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Every page's Markdown is converted before any is written: a second stage, a second line.
        if self.build is not None and self.build.progress is not None:
            self.build.progress.close()
            self.build.progress = Progress("pages written", len(files.documentation_pages()))
        return env

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.build is None:
            return output
        if self.build.progress is not None:
            self.build.progress.advance()
        src_uri = page.file.src_uri
        if src_uri in self.build.cached_html:
            return self.build.cached_html.pop(src_uri)
        key = self.build.page_keys.pop(src_uri, None)
        if key is not None and self.build.page_cache is not None:
            self.build.page_cache.put(key, output)
        return output

    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if self.build is None or page.file.src_uri not in self.build.pages:
            return markdown
        src_uri, cache = page.file.src_uri, self.build.page_cache
        if cache is not None and src_uri in self.build.cacheable:
            key = cache.key(src_uri, self.build.pages[src_uri])
            html = cache.get(key)
            if html is not None:
                # Unchanged inputs: skip conversion and the theme; on_post_page puts the stored HTML in place.
                self.build.cached_html[src_uri] = html
                page.meta["template"] = CACHED_TEMPLATE
                return ""
            self.build.page_keys[src_uri] = key
        return self.build.raw.set_aside(markdown)

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if self.build is not None and page.file.src_uri in self.build.cached_html:
            html = ""
        elif self.build is not None and page.file.src_uri in self.build.pages:
            html = sanitise(self.build.raw.put_back(html))
        if self.build is not None and self.build.progress is not None:
            self.build.progress.advance()
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        if self.build.progress is not None:
            self.build.progress.close()
        output = Path(config.site_dir)
        log.info("Indexing %s with Pagefind", output)
        started = time.perf_counter()
        try:
            run_pagefind(output)
        except Exception as exc:
            raise PluginError(str(exc)) from exc
        log.info("Pagefind indexed the site in %.2f s", time.perf_counter() - started)
        if self.build.staging is None or self.build.site_dir is None or _strict_will_abort(config):
            return
        swap_into_place(self.build.staging, self.build.site_dir)
        log.info("Site swapped into %s", self.build.site_dir)
        config.site_dir = str(self.build.site_dir)
        self.build.staging = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            discard(self.build.staging)
            self.build.staging = None

    def on_shutdown(self) -> None:
        if self.build is not None:
            discard(self.build.staging)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.build is not None:
            server.watch(str(self.build.content_dir))
        return server


def linked_content(root: Path, cache: DocumentCache | None = None) -> Views:
    """Load, validate and link a content folder; print problems; raise PluginError when any is an error."""
    content, problems = load_content(root, cache)
    errors = [p for p in problems if not p.warning]
    if problems:
        print(format_errors(problems), file=sys.stderr, flush=True)
    if errors:
        files = len({e.file for e in errors})
        raise PluginError(f"{len(errors)} error(s) in {files} file(s) under {root}; nothing was written")
    return link_content(content)


def archive_pages(root: Path) -> dict[str, str]:
    """The generated pages of a content folder, {src_uri: Markdown}, exactly as the plugin hands them to MkDocs."""
    return {page.src_uri: page.markdown for page in all_pages(linked_content(root))}


def _cache_root(option: str, config: MkDocsConfig) -> Path | None:
    """The cache folder: $SP_ARCHIVE_CACHE ('' turns it off), else the option, relative to mkdocs.yml."""
    chosen = os.environ.get(ENV_CACHE, option)
    if not chosen:
        return None
    config_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return config_dir / chosen


def content_dir(option: str, config: MkDocsConfig) -> Path:
    """The content folder: $SP_ARCHIVE_CONTENT (relative to the working directory), else the option (relative to mkdocs.yml)."""
    from_env = os.environ.get(ENV_CONTENT)
    if from_env:
        return Path(from_env).resolve()
    config_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return (config_dir / option).resolve()


def _strict_will_abort(config: MkDocsConfig) -> bool:
    """True when MkDocs will abort a strict build after this event: never swap in a site that then fails."""
    if not config.strict:
        return False
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)
