"""One build at a time per site: a lock on a file beside the site folder, released when the build ends.

Where the system has no `fcntl` (Windows), the lock is taken with `msvcrt.locking`; where it has
neither, the lock is a file made exclusively that holds the build's process id, taken over when
that process no longer runs.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import PublishFailed

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
