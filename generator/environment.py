"""The environment variables the build reads: one place for their names (README, Hosting, lists them)."""

CONTENT = "SP_ARCHIVE_CONTENT"
"""The content folder, overriding the plugin's content_dir (tests and benchmarks point it at synthetic archives)."""
CACHE = "SP_ARCHIVE_CACHE"
"""The cache folder, overriding the plugin's cache_dir; empty turns the cache off."""
WORKERS = "SP_ARCHIVE_WORKERS"
"""Processes that render pages, overriding the plugin's workers; 1 renders in the build's own process."""
