"""The `archive` plugin's options in mkdocs.yml, and the folders they name (the environment may override them)."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .. import environment
from ..publish.staging import GITHUB_PAGES_MB


class ArchiveConfig(base.Config):
    """Options of the `archive` plugin in mkdocs.yml."""

    content_dir = c.Type(str, default="content")
    """The content folder, relative to mkdocs.yml; the SP_ARCHIVE_CONTENT environment variable overrides it."""
    cache_dir = c.Type(str, default=".cache/sp-archive")
    """Where parsed records and rendered pages are kept between builds, relative to mkdocs.yml; '' turns the cache
    off."""
    workers = c.Type(int, default=0)
    """Processes rendering pages; 0 means one per core. The SP_ARCHIVE_WORKERS environment variable overrides it."""


def cache_folder(option: str, config: MkDocsConfig) -> Path | None:
    """The cache folder: $SP_ARCHIVE_CACHE ('' turns it off), else the option, relative to mkdocs.yml."""
    chosen = os.environ.get(environment.CACHE, option)
    if not chosen:
        return None
    config_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return config_dir / chosen


def content_dir(option: str, config: MkDocsConfig) -> Path:
    """The content folder: $SP_ARCHIVE_CONTENT (relative to the working directory), else the option (relative to
    mkdocs.yml)."""
    from_env = os.environ.get(environment.CONTENT)
    if from_env:
        return Path(from_env).resolve()
    config_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return (config_dir / option).resolve()


def size_warning_mb() -> float:
    """The site size a build warns above, in MB: $SP_ARCHIVE_SIZE_WARN_MB (0: never), else GitHub Pages' 1024."""
    chosen = os.environ.get(environment.SIZE_WARN_MB, "").strip()
    if not chosen:
        return GITHUB_PAGES_MB
    try:
        limit = float(chosen)
    except ValueError:
        limit = -1.0
    if not limit >= 0:  # also refuses nan
        raise PluginError(f"{environment.SIZE_WARN_MB}={chosen!r}: expected a size in MB, such as 1024 "
                          "(GitHub Pages' limit, the default) or 0 for no warning")
    return limit
