"""The error vocabulary: every problem carries the place where it arose."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class RecordError:
    """One problem in one record: file, line, field path and what was expected."""

    file: str
    line: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:"
        field = f" {self.field}:" if self.field else ""
        kind = " warning:" if self.warning else ""
        return f"{place}{kind}{field} {self.message}"


class ArchiveInvalid(Exception):
    """Raised when the archive has errors; carries all of them, sorted."""

    def __init__(self, errors: list[RecordError]) -> None:
        self.errors = sorted(errors)
        super().__init__(format_errors(self.errors))


def format_errors(errors: list[RecordError]) -> str:
    """All errors, one per line, sorted by file and line."""
    return "\n".join(str(e) for e in sorted(errors))


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as contributors see it: relative to the working directory when possible."""
    # Resolve the folders, not the file itself: a symbolic link is named as the link.
    try:
        placed = _resolved(path.parent) / path.name
    except (OSError, RuntimeError):
        placed = path.absolute()
    for base in (Path.cwd(), root.parent if root else None):
        if base is None:
            continue
        try:
            return placed.relative_to(_resolved(base)).as_posix()
        except ValueError:
            continue
    return path.as_posix()


@functools.lru_cache(maxsize=8192)
def _resolved(folder: Path) -> Path:
    """A folder with its links resolved; a build names thousands of files in a few hundred folders."""
    return folder.resolve()


def field_path(loc: tuple[str | int, ...]) -> str:
    """('allegations', 2, 'norms', 0) -> 'allegations[2].norms[0]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
