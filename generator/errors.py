"""The error vocabulary: every problem carries the place where it arose, and every error type is declared here.

A problem in a record is a `RecordError` (file, line, field, message); loading, validation and
the checks collect them all and the build and `sp-archive validate` print them together, sorted.
Everything else the generator raises for a person to read is an `ArchiveError`, whose message is
whole (where, what was found, what to do), so a catcher prints `str(exc)` and adds nothing but its
prefix. Each class says who raises it and what the user sees. Some are a built-in error too (a
`ValueError`, a `RuntimeError`), so code that catches those, such as the search cache's `except
ValueError`, catches them as well.

Not here: exceptions private to one module that never leave it, such as load/reader.py's `_Rejected`,
which the YAML reader raises and catches inside itself and turns into a `RecordError`.
"""

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


class ArchiveError(Exception):
    """An error the generator reports to the person running it; the message says where, what, and what to do."""


class ContentInvalid(ArchiveError):
    """The content has errors: every problem, already printed as `sp-archive validate` prints them.

    Raised by build.linked_content. `mkdocs build` stops with "N error(s) in M file(s) under
    content; nothing was written" and exit status 1; `mkdocs serve` shows `problems` in the browser.
    """

    def __init__(self, message: str, problems: list[RecordError]) -> None:
        super().__init__(message)
        self.problems = problems


class RefusedFile(ArchiveError):
    """A file that is not read: not a regular file, a link leaving the content folder, too large, or unreadable.

    Raised by load.record_bytes, which every reader of content/ goes through. The user sees it as a
    record's problem, `content/…/x.yaml:1: not a regular file` (load.read_document), or from
    `sp-archive preview` as that line and exit status 1; a cache looking for the file takes it as "not held".
    """


class CountryListInvalid(ArchiveError, ValueError):
    """The country list does not load or validate; the message has one line per problem, file:line: field: …

    Raised by model/countries.read_country_list. The list ships with the generator and
    tests/model/test_countries.py reads it, so a user meets this only after editing countries.yaml.
    Nothing catches it: `sp-archive` prints it as an internal error with its lines, and a build stops.
    """


class StemmerMissing(ArchiveError):
    """The browser's stemmer (npm's multilingual-stemmer) is not installed; the message names the file and what to run.

    Raised by search/assets.stemmer_files while the search index is made. The plugin stops the
    build with it as MkDocs' `Error:` line (exit status 1); nothing is published.
    """


class RenderFailed(ArchiveError, RuntimeError):
    """A page could not be rendered in a worker, or a worker died; the message names the page.

    Raised by workers.render_pages (the exception of the page's renderer crosses the process
    boundary as text in this message). The plugin stops the build with it as MkDocs' `Error:` line
    (exit status 1); nothing is published.
    """


class PublishFailed(ArchiveError, RuntimeError):
    """The new site could not be locked, checked or put in place; the message says where and what to do.

    Raised by publish/ (BuildLock, site_folder, publish). The plugin stops the build with it as
    MkDocs' `Error:` line, or, once the site is built, as one logged error line; exit status 1 either
    way, and the previous site is left as it was.
    """


class ScaffoldError(ArchiveError):
    """A record cannot be started: a bad reference or date, or the file is already there.

    Raised by scaffold.py; `sp-archive new` prints `sp-archive: <message>` and exits 1.
    """


class ImportFailure(ArchiveError):
    """The letter cannot be imported; the message says why and what to do.

    Raised by the importer's stages (importer/read, parse, reply, write). `sp-archive import`
    prints `sp-archive: <message>` and exits 1; importing a folder lists the file as refused, with
    the message, and goes on to the next.
    """


class PreviewError(ArchiveError):
    """The file given is not a letter in the content folder (exit status 2), or a file to copy cannot be read (1).

    Raised by preview.py; `sp-archive preview` prints `sp-archive: <message>` and exits with
    `status`. While the preview follows edits, a file that cannot be read is that line with
    "; the preview is not updated", and the preview keeps what it had.
    """

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class DamagedEntry(ValueError):
    """A cache entry whose content does not match the checksum of its key and content.

    Raised by cache.read_entry, for the record, page and search caches alike. Not an ArchiveError:
    no one is shown it as an error. Every cache takes it as a miss and makes the entry again; the
    build logs a warning naming a damaged page or search cache entry.
    """


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
