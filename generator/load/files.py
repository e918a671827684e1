"""Which files under content/ are records' files, and how one is read: a regular file, inside content/, of bounded
size.

Every reader of content/ comes through `record_bytes` (the build, its cache, validation, preview, import), so
that a FIFO never blocks it and a link to /dev/zero is never read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import RecordError, RefusedFile, display_path

MAX_FILE_BYTES = 1_000_000


def record_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a record file, opened only once it is known to be a regular file (inside `root`, when given) of
    at most MAX_FILE_BYTES; RefusedFile says why not.

    Every reader of content/ comes here (the build, its cache, validate, preview, import), so that a FIFO
    never blocks it and a link to /dev/zero is never read. The file is opened without blocking and
    without following a last link, and checked again on what was opened, so a file swapped after the
    first look is refused too.
    """
    checked = _checked_path(path, root)
    try:
        handle = os.open(checked, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise RefusedFile(f"cannot read file: {exc.strerror or exc}") from None
    with open(handle, "rb", closefd=True) as opened:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise RefusedFile("not a regular file")
        _check_size(status.st_size)
        try:
            raw = opened.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise RefusedFile(f"cannot read file: {exc.strerror or exc}") from None
    _check_size(len(raw))  # it grew after the look
    return raw


def _check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise RefusedFile(f"file is {size:,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes")


def _checked_path(path: Path, root: Path | None) -> Path:
    """Where the file at `path` really is, once known to be a regular file (inside `root`); RefusedFile otherwise."""
    linked = False
    try:
        if path.is_symlink():
            linked, target = True, path.resolve()
            if root is not None and not target.is_relative_to(root.resolve()):
                raise RefusedFile(f"symbolic link points outside the content folder (to {target}); "
                                  "records must live in content/")
            path = target
        status = path.stat()
    except FileNotFoundError:
        raise RefusedFile("symbolic link points to nothing" if linked else "no such file") from None
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        raise RefusedFile("symbolic link cannot be followed (a loop, or a link to itself)") from None
    if not stat.S_ISREG(status.st_mode):
        raise RefusedFile("not a regular file")
    _check_size(status.st_size)
    return path


IGNORED_NAMES = {"README.md", ".gitkeep"}


def content_files(root: Path, unreadable: list[RecordError] | None = None) -> list[Path]:
    """Every file under the content folder, in a stable order; folders that cannot be read go to `unreadable`."""
    found: list[Path] = []

    def refused(error: OSError) -> None:
        if unreadable is not None:
            where = Path(error.filename) if error.filename else root
            unreadable.append(RecordError(
                display_path(where, root), 1, "",
                f"cannot read this folder ({error.strerror or error}); its records would be left out: make it readable",
            ))

    for folder, folders, files in os.walk(root, onerror=refused, followlinks=False):
        here = Path(folder)
        folders.sort()
        found += [here / name for name in folders if (here / name).is_symlink()]
        found += [here / name for name in files if name not in IGNORED_NAMES]
    return sorted(found)
