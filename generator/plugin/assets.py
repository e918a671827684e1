"""The theme's static files that no page of the archive uses, left out of the site.

MkDocs copies every static file of the theme into the site. Material's include its own
search, which the archive does not use: a web worker, lunr with its language packs and
wordcut.js (677 KB). overrides/partials/search.html puts the archive's search in the place
of Material's search box, and Material's bundle starts its worker only for that box, so
no page ever asks for them. Each script and style sheet also comes with a source map,
which only a browser's developer tools ask for. Together: 39 files, 2.1 MB (Material 9.8).

`leave_out_unused` takes them off MkDocs' list of files (in `on_files`), so they are never
copied. tests/builds/test_hosting.py holds every theme file still in a built site to being named
by a page: a Material release that adds a file no page uses fails there, with its name.
"""

from __future__ import annotations

import fnmatch
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

UNUSED = ("assets/javascripts/lunr/*", "assets/javascripts/workers/search.*", "*.map")
"""Material's search (worker, lunr, language packs) and every source map, as patterns of the theme's paths."""


def leave_out_unused(files: Files, config: MkDocsConfig) -> list[File]:
    """Remove the theme's files that UNUSED names from `files`; return them. docs/ and generated files are kept."""
    theme_dirs = {os.path.normpath(folder) for folder in config.theme.dirs}
    unused = [file for file in files if _from_theme(file, theme_dirs) and _unused(file.src_uri)]
    for file in unused:
        files.remove(file)
    return unused


def _from_theme(file: File, theme_dirs: set[str]) -> bool:
    return file.src_dir is not None and os.path.normpath(file.src_dir) in theme_dirs


def _unused(src_uri: str) -> bool:
    return any(fnmatch.fnmatchcase(src_uri, pattern) for pattern in UNUSED)
