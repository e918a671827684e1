"""What the plugin says and hides: one line for a file-system error, and MkDocs' notice for pages it did not write."""

from __future__ import annotations

import logging
import sys

KEPT = "; nothing was published, the previous site is unchanged"
"""Ends every message of a failed build."""


def one_line_for_os_errors(previous):
    """An excepthook that reports a file-system error (a full disk, say) in one line naming the path; exit status 1."""

    def hook(kind, error, trace):
        if issubclass(kind, OSError):
            where = f"{error.filename}: " if getattr(error, "filename", None) else ""
            print(f"ERROR    -  {where}{error.strerror or error}{KEPT}", file=sys.stderr, flush=True)
            return
        previous(kind, error, trace)

    return hook


class _SkippedPages(logging.Filter):
    """Drops MkDocs' "Page skipped … empty output" notice for pages a worker already wrote."""

    def __init__(self, src_uris: set[str]) -> None:
        super().__init__()
        self.notices = {f"Page skipped: '{src_uri}'. Generated empty output." for src_uri in src_uris}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.notices


def quiet_skips(src_uris: set[str] | None) -> None:
    """Install the filter for these pages on MkDocs' build logger; None removes it."""
    logger = logging.getLogger("mkdocs.commands.build")
    for old in [f for f in logger.filters if isinstance(f, _SkippedPages)]:
        logger.removeFilter(old)
    if src_uris:
        logger.addFilter(_SkippedPages(src_uris))
