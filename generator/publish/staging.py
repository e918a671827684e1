"""The new site, made beside the published one: its folder, its files, its check and its size.

A build (holding publish/lock.py's lock) removes what killed builds left beside the site folder, and
writes into a temporary sibling of it. Only when MkDocs has written every page and the search index
is written is the whole new folder checked (every page there and not empty, every index file there
with its bytes), and only then published (publish/swap.py).

When `site/` is a symbolic link (to the folder a web server serves, say), all of this happens
beside the folder it points to (`site_folder`): the link is never replaced, and points at a
complete site at every moment.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import environment
from ..errors import PublishFailed


def site_folder(site_dir: Path) -> Path:
    """The folder a build publishes: `site_dir`, or the folder it points to when it is a symbolic link.

    The link itself is never replaced: the new site is made beside its target and swapped with it.
    A link to nothing yet is followed too (the first build makes the folder). PublishFailed when
    the link cannot be followed, or `site_dir` or its target is not a folder.
    """
    if not site_dir.is_symlink():
        if site_dir.exists() and not site_dir.is_dir():
            raise PublishFailed(f"{site_dir} is not a folder; expected the site's folder (or a link to it): "
                                "remove or move it")
        return site_dir
    try:
        target = site_dir.resolve()
        os.stat(site_dir)  # follows the link: a loop is refused here on every Python version
    except FileNotFoundError:
        return target  # a link to a folder not made yet: the first build makes it
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop, before Python 3.13
        raise PublishFailed(f"{site_dir} is a symbolic link that cannot be followed ({_unfollowed(exc)}); "
                            "point it at the folder the site is served from") from None
    if not target.is_dir() or target.parent == target:
        raise PublishFailed(f"{site_dir} links to {target}, which is not a folder a site can replace; "
                            "point it at the folder the site is served from")
    return target


def _unfollowed(exc: OSError | RuntimeError) -> str:
    if isinstance(exc, OSError) and exc.errno != errno.ELOOP:
        return exc.strerror or str(exc)
    return "a loop, or a link to itself"


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove what earlier, killed builds left beside `site_dir` (folders, and links, never followed); call it holding
    the lock."""
    removed = []
    for pattern in (f".{site_dir.name}-building-*", f".{site_dir.name}-old-*", f".{site_dir.name}-markdown-*"):
        for leftover in site_dir.parent.glob(pattern):
            try:
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:  # a link (an earlier version swapped a linked site/ out under this name) or a stray file
                    leftover.unlink()
            except OSError:
                continue  # cannot be removed (its folder's permissions); the build goes on beside it
            removed.append(leftover)
    return removed


def staging_dir(site_dir: Path) -> Path:
    """A fresh, empty temporary folder beside `site_dir` (same file system, so renames are atomic)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    return staging


def spool_dir(site_dir: Path) -> Path:
    """A fresh temporary folder beside `site_dir` for the pages' Markdown (generator/publish/spool.py)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-markdown-", dir=site_dir.parent))


def write_or_link(target: Path, data: bytes, previous: Path | None = None) -> None:
    """Write `data` at `target`; when the published site holds the same bytes at `previous`, hard-link that file.

    A rebuild after one new letter then writes only the files whose bytes changed: every
    other file of the new site is the old site's file, under a second name (the old site's
    folder is removed after the switch, the files stay). Where links are not possible (another
    file system, a file system without them) the file is written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if not link_unchanged(target, data, previous):
        target.write_bytes(data)


def link_unchanged(target: Path, data: bytes, previous: Path | None) -> bool:
    """Hard-link `previous` at `target` when it holds exactly `data`; False when it does not, or links fail."""
    if previous is None:
        return False
    try:
        if previous.stat().st_size != len(data) or previous.read_bytes() != data:
            return False
        os.link(previous, target)
    except OSError:
        return False
    return True


def write_files(files: dict[str, bytes], site_dir: Path, previous: Path | None = None) -> None:
    """Write the search index, data and feeds into the built site (check_site reads them back before publishing);
    a file the previous site at `previous` holds unchanged is linked, not written again."""
    for relative, content in sorted(files.items()):
        write_or_link(site_dir / relative, content, previous / relative if previous else None)


def check_site(staging: Path, pages: list[str], index: dict[str, bytes],
               digests: dict[str, str] | None = None) -> list[str]:
    """What is wrong with a finished site folder: generated pages missing or empty, files not as written.

    `index`: files by their bytes (search index, data, feeds); `digests`: files by their SHA-256 (the yearly records).
    """
    problems = []
    for url in pages:
        page = staging / url / "index.html"
        size = page.stat().st_size if page.is_file() else -1
        if size <= 0:
            problems.append(f"{page}: {'missing' if size < 0 else 'empty'}; expected the generated page at /{url}")
    for relative, content in index.items():
        target = staging / relative
        try:
            same = target.read_bytes() == content
        except OSError as exc:
            problems.append(f"{target}: unreadable ({exc.strerror}); expected a search index file")
            continue
        if not same:
            problems.append(f"{target}: {target.stat().st_size} bytes, expected the {len(content)} written")
    for relative, digest in (digests or {}).items():
        target = staging / relative
        try:
            same = hashlib.sha256(target.read_bytes()).hexdigest() == digest
        except OSError as exc:
            problems.append(f"{target}: unreadable ({exc.strerror}); expected a record's JSON")
            continue
        if not same:
            problems.append(f"{target}: not the bytes written (SHA-256 differs); expected a record's JSON")
    return problems


GITHUB_PAGES_MB = 1024
"""GitHub Pages publishes sites of at most 1 GB: the size a build warns above unless $SP_ARCHIVE_SIZE_WARN_MB says
otherwise."""


@dataclass(frozen=True)
class SiteSize:
    """What a host receives: the bytes of every file in the site and how many files there are."""

    bytes: int
    files: int

    @property
    def mb(self) -> float:
        return self.bytes / 2**20


def site_size(site_dir: Path) -> SiteSize:
    """The size of a site folder: each file counted by its length and once per name (a host stores hard links apart)."""
    total = count = 0
    folders = [os.fspath(site_dir)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
                    count += 1
    return SiteSize(total, count)


def size_warning(size: SiteSize, limit_mb: float) -> str | None:
    """The warning for a site larger than `limit_mb`, or None (always None when `limit_mb` is 0)."""
    if limit_mb <= 0 or size.mb <= limit_mb:
        return None
    return (f"The site is {size.mb:,.1f} MB in {size.files:,} files, more than {environment.SIZE_WARN_MB}'s "
            f"{limit_mb:,g} MB (by default GitHub Pages' limit, 1 GB): publish it where it fits (README, Hosting), "
            f"or set {environment.SIZE_WARN_MB} to your host's limit (0: no warning)")


def discard(staging: Path | None) -> None:
    """Remove a temporary build folder, if any."""
    if staging is not None and staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
