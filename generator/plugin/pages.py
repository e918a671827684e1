"""The generated pages in MkDocs' terms: handed to it as files, rendered through its public page API, written where
it would write them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..build import stubs
from ..publish.spool import Spooled
from ..publish.staging import write_or_link
from .state import Run


def add_pages(run: Run, files: Files, config: MkDocsConfig) -> None:
    """STUBS: every generated page among MkDocs' files: the nav's with their Markdown, the others as stubs (their
    Markdown stays in the spool until the process that renders the page reads it, or their HTML is cached)."""
    stubbed = set(stubs(run.pages))
    for src_uri, made in run.pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} collides with a generated page; remove it from docs/")
        if src_uri in stubbed:
            run.keys[src_uri] = run.store.key(src_uri, made.key)
            files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
            continue
        assert isinstance(made, Spooled)  # a nav page is always made (PageStore.unchanged)
        markdown = run.spool.read(made)
        files.append(File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.INCLUDED))


def generated_file(files: Files, src_uri: str) -> File:
    """The file MkDocs carries for a generated page: every one is among its files from on_files on."""
    file = files.get_file_from_path(src_uri)
    assert file is not None, src_uri
    return file


def render_for_real(run: Run, src_uri: str, config: MkDocsConfig, files: Files, doc_files: Sequence[File],
                    nav: Navigation, env) -> str:
    """RENDER: one stub, rendered on its real Markdown through MkDocs' public page API, and written; its HTML.

    The steps and plugin events are those of MkDocs' own build of a page (read the
    source, Markdown, the theme's template, `post_page`), on a fresh Page for the same
    file: the stub MkDocs carries is left as it was.
    """
    file = generated_file(files, src_uri)
    stub = file.page
    made = run.pages[src_uri]
    assert isinstance(made, Spooled)  # pages left to render were made (or made again: build.from_cache)
    run.rendering = src_uri
    file.content_string = run.spool.read(made)
    try:
        page = config.plugins.on_pre_page(Page(None, file, config), config=config, files=files)
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
        run.rendering = None
        file.content_string = ""
        file.page = stub  # a new Page registers itself with its file: in-process (serve) the stub goes back
    write_page(file, html, run.site_dir)
    return html


def write_page(file: File, html: str, previous_site: Path | None) -> None:
    """Write a page's finished HTML where MkDocs would, encoded as MkDocs encodes it (linked when unchanged)."""
    previous = previous_site / file.dest_uri if previous_site is not None else None
    write_or_link(Path(file.abs_dest_path), html.encode("utf-8", errors="xmlcharrefreplace"), previous)
