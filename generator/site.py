"""Stage 6: the built site. Build beside site/, index it with Pagefind, then swap it into place.

A build writes into a temporary sibling of the site folder. Only when MkDocs and
Pagefind have both succeeded is the new folder swapped in: the old folder is
renamed aside, the new one renamed into place, the old one removed. A failed
build removes its temporary folder and leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pagefind_bin import get_executable

from .render.urls import SEARCHED

PAGEFIND_TIMEOUT = 1800


class PagefindFailed(RuntimeError):
    """Pagefind exited with an error."""


def staging_dir(site_dir: Path) -> Path:
    """A fresh, empty temporary folder beside `site_dir` (same file system, so renames are atomic)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    return staging


def run_pagefind(site_dir: Path) -> str:
    """Index the built site's letters with the Pagefind binary from pagefind[bin]; return its output."""
    # Only the letters carry data-pagefind-body; reading just them halves Pagefind's time
    # (it would parse every norm and list page to find nothing). Permalink pilcrows are
    # navigation, not text: keep them out of excerpts.
    command = [
        str(get_executable()), "--site", str(site_dir), "--glob", SEARCHED,
        "--exclude-selectors", ".headerlink", "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, check=False)
    if result.returncode != 0:
        raise PagefindFailed(f"pagefind failed (exit {result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
    if not (site_dir / "pagefind" / "pagefind-ui.js").is_file():
        raise PagefindFailed("pagefind wrote no search bundle")
    return result.stdout


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staging`: two renames, then remove the old site."""
    old: Path | None = None
    if site_dir.exists() or site_dir.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        os.rmdir(old)
        os.rename(site_dir, old)
    try:
        os.rename(staging, site_dir)
    except OSError:
        if old is not None:
            os.rename(old, site_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path | None) -> None:
    """Remove a temporary build folder, if any."""
    if staging is not None and staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
