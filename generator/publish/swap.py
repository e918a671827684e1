"""Publishing the checked new site in one step.

Only when MkDocs has written every page, the search index is written and the whole new folder has
been checked (publish/staging.py) is it published: on Linux one `renameat2(RENAME_EXCHANGE)` swaps
the new folder and the old, so that at every moment `site/` is one complete site, old or new; the
old one is removed after. A failed or killed build leaves the previous site untouched.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import PublishFailed

AT_FDCWD = -100
RENAME_EXCHANGE = 2


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
