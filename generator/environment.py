"""The environment variables the build reads: one place for their names (README, Hosting, lists them)."""

CONTENT = "SP_ARCHIVE_CONTENT"
"""The content folder, overriding the plugin's content_dir (tests and benchmarks point it at synthetic archives)."""
CACHE = "SP_ARCHIVE_CACHE"
"""The cache folder, overriding the plugin's cache_dir; empty turns the cache off."""
WORKERS = "SP_ARCHIVE_WORKERS"
"""Processes that render pages, overriding the plugin's workers; 1 renders in the build's own process."""
SHARED_PARTIALS = "SP_ARCHIVE_SHARED_PARTIALS"
"""0 renders the theme's nav and tabs for every page instead of once per folder (generator/plugin/theme.py; the tests'
reference)."""
SIZE_WARN_MB = "SP_ARCHIVE_SIZE_WARN_MB"
"""A build warns when the published site is larger than this many MB (2**20 bytes); default 1024, GitHub Pages'
limit; 0: never."""
