"""Stage 6: the built site. Build beside site/, add the search index, check it, then publish it in one step.

A build holds a lock beside the site folder (one build at a time per site), removes what
killed builds left there, and writes into a temporary sibling of the site folder. Only when
MkDocs has written every page, the search index is written and the whole new folder has
been checked (every page there and not empty, every index file there with its bytes) is
it published: on Linux one `renameat2(RENAME_EXCHANGE)` swaps the new folder and the old,
so that at every moment `site/` is one complete site, old or new; the old one is removed
after. A failed or killed build leaves the previous site untouched.

When `site/` is a symbolic link (to the folder a web server serves, say), all of this happens
beside the folder it points to (`site_folder`): the link is never replaced, and points at a
complete site at every moment.

Where the system has no `fcntl` (Windows), the lock is taken with `msvcrt.locking`; where it has
neither, the lock is a file made exclusively that holds the build's process id, taken over when
that process no longer runs.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import environment
from .errors import PublishFailed

AT_FDCWD = -100
RENAME_EXCHANGE = 2
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has no symbolic links to refuse here

log = logging.getLogger("mkdocs.plugins.archive")  # the name MkDocs prints the plugin's messages under


class BuildLock:
    """One build at a time per site folder: a lock on a file beside it, released when the build ends.

    The system's file lock where there is one (`fcntl.flock`, Windows' `msvcrt.locking`): it ends
    with the process, however the process ends, and the file stays. Elsewhere the file itself is
    the lock: made exclusively with this process's id, removed when the build ends, and taken over
    (with a message) when the process it names no longer runs.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.path = site_dir.parent / f".{site_dir.name}.lock"
        self._file: int | None = None
        self._made = False  # the exclusive-create lock: a file this build made, and removes

    def acquire(self) -> None:
        """Take the lock, or raise PublishFailed at once when another build holds it or it cannot be made."""
        lock_file = _file_lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if lock_file is None:
                return self._make()
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o644)
        except PublishFailed:
            raise
        except OSError as exc:
            raise self._unmakeable(exc) from None
        try:
            lock_file(handle)
        except OSError:
            os.close(handle)
            raise PublishFailed(
                f"another build of {self.site_dir} is running (it holds {self.path}); "
                "wait for it to finish, then build again"
            ) from None
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            os.close(self._file)
            self._file = None
        if self._made:
            self.path.unlink(missing_ok=True)
            self._made = False

    def _make(self) -> None:
        """The lock where the system locks no files: the lock file made exclusively, a dead build's taken over once."""
        for attempt in range(2):
            try:
                handle = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
            except FileExistsError:
                holder = _holder(self.path)
                if attempt or holder is None or _running(holder):
                    raise self._held(holder, self.path) from None
                self._take_over(holder)
                continue
            try:
                os.write(handle, f"{os.getpid()}\n".encode())
            finally:
                os.close(handle)
            self._made = True
            return

    def _take_over(self, dead: int) -> None:
        """Remove the lock file of process `dead`, unless another build took it over first.

        A second, exclusively made file lets one build at a time look and remove: two builds
        that both found the dead build's lock would otherwise each remove the other's new one.
        """
        guard = self.path.with_name(f"{self.path.name}.takeover")
        try:
            os.close(os.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644))
        except FileExistsError:
            raise self._held(None, guard) from None
        try:
            if _holder(self.path) == dead:
                self.path.unlink()
                log.info("Took over the build lock %s from process %d, which is no longer running", self.path, dead)
        finally:
            guard.unlink(missing_ok=True)

    def _held(self, holder: int | None, path: Path) -> PublishFailed:
        by = f"process {holder} holds" if holder is not None else "it holds"
        return PublishFailed(f"another build of {self.site_dir} is running ({by} {path}); wait for it to finish, "
                             f"then build again (if no build is running, remove {path})")

    def _unmakeable(self, exc: OSError) -> PublishFailed:
        return PublishFailed(
            f"cannot make the build lock {self.path} ({exc.strerror or exc}); a build writes beside "
            f"{self.site_dir}, so {self.path.parent} must be a folder this user can write to"
        )


def _file_lock() -> Callable[[int], None] | None:
    """The system's lock on an open file (taken at once, or OSError), or None where it has none."""
    try:
        import fcntl
    except ImportError:
        pass
    else:
        return lambda handle: fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    if sys.platform != "win32":  # msvcrt is Windows' alone (and typeshed declares it so)
        return None
    try:
        import msvcrt
    except ImportError:
        return None
    return lambda handle: msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # its first byte, from position 0


def _holder(path: Path) -> int | None:
    """The process id a lock file holds; None when it cannot be read or holds none yet (its build is writing it)."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _running(pid: int) -> bool:
    """Whether process `pid` runs (signal 0 only checks; used where there is no fcntl, never on Windows)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


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
    """A fresh temporary folder beside `site_dir` for the pages' Markdown (generator/spool.py)."""
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


def publish(staging: Path, site_dir: Path) -> None:
    """Put `staging` in the place of `site_dir` (a folder, as `site_folder` gives it) in one step, then remove the old
    site."""
    if site_dir.is_symlink():  # swapping would move the link aside and leave its target's old site for good
        raise PublishFailed(f"{site_dir} is a symbolic link; a site is published into the folder it points to")
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if not _exchange(staging, site_dir):
        _two_renames(staging, site_dir)
        return
    shutil.rmtree(staging, ignore_errors=True)  # after the exchange, `staging` holds the old site


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        import ctypes

        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, OSError, AttributeError, TypeError):  # TypeError: Windows' CDLL needs a name
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _two_renames(staging: Path, site_dir: Path) -> None:
    """Where there is no atomic exchange: the old site aside, the new one in, the old one removed."""
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
    os.rmdir(old)
    os.rename(site_dir, old)
    try:
        os.rename(staging, site_dir)
    except OSError:
        os.rename(old, site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


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
