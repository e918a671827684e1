"""Helpers that know nothing of the archive: the forked pool, checksummed cache entries, progress."""
