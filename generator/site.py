"""Stage 6: the built site. Build beside site/, add the search index, then swap it into place.

A build writes into a temporary sibling of the site folder. Only when MkDocs has
written every page and the search index is complete is the new folder swapped in: the old folder is
renamed aside, the new one renamed into place, the old one removed. A failed
build removes its temporary folder and leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    """A fresh, empty temporary folder beside `site_dir` (same file system, so renames are atomic)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    return staging


def write_search_index(files: dict[str, bytes], site_dir: Path) -> None:
    """Write the search index's files into the built site."""
    for relative, content in sorted(files.items()):
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            out.write(content)


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
