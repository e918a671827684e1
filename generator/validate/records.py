"""Turn documents into typed records, with every error placed on its line.

`load_content` reads the whole content folder: it sorts files into record kinds by
where they live, validates each against its model, then runs the cross-record checks.
It never writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import RecordError, display_path, field_path
from ..load.cache import DocumentCache
from ..load.files import content_files
from ..load.reader import Document, read_document
from ..model import Archive
from ..model.base import share_fields_sets
from ..model.kinds import BY_FOLDER
from ..model.placeholders import not_at_placeholders, placeholder_errors
from ..util.workers import forked_map
from .checks import check_content
from .content import Content, Placed

M = TypeVar("M", bound=BaseModel)

KINDS: dict[str, type[BaseModel]] = {folder: kind.model for folder, kind in BY_FOLDER.items()}
"""The model of each record folder under content/ (from generator/model/kinds.py)."""
SETTINGS_FILE = "archive.yaml"


def record_from(document: Document, model: type[M]) -> tuple[M | None, list[RecordError]]:
    """Validate one document against its model; map each pydantic error to its line."""
    unfilled = placeholder_errors(document)
    try:
        record = model.model_validate(document.data)
    except ValidationError as exc:
        errors = [_placed_error(document, err) for err in exc.errors(include_url=False)]
        return None, unfilled + not_at_placeholders(errors, unfilled)
    return (None, unfilled) if unfilled else (share_fields_sets(record), [])


def _placed_error(document: Document, err: Any) -> RecordError:
    loc = tuple(part for part in err["loc"] if isinstance(part, (str, int)))
    return RecordError(document.file, document.line_of(loc), field_path(loc), _explain(err))


def _explain(err: Any) -> str:
    kind, message, value = err["type"], err["msg"], err.get("input")
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against the schema (sp-archive schema)"
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of fields, found {_shown(value)}"
    if kind.startswith(("date_", "datetime_")):
        return f"{message}; expected a date as YYYY-MM-DD, found {_shown(value)}"
    if kind.startswith(("url_", "string_pattern")) or kind.endswith("_type") or kind == "literal_error":
        return f"{message}; found {_shown(value)}"
    return message


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def load_content(root: Path, cache: DocumentCache | None = None, workers: int = 1) -> tuple[Content, list[RecordError]]:
    """Read and validate all of content/; return the content and all errors and warnings.

    With a cache, files whose bytes are unchanged since a previous run are not parsed again.
    With more than one worker, files are read and validated in that many forked processes
    (each file stands alone until the cross-record checks, which run here).
    """
    content = Content(root=root)
    errors: list[RecordError] = []
    if not root.is_dir():
        return content, [RecordError(display_path(root), 1, "", "content folder not found")]
    paths = content_files(root, errors)
    for kind, record, document, file_errors in _read_all(root, paths, cache, workers):
        errors += file_errors
        if record is None or document is None:
            continue
        if kind is None:
            content.settings, content.settings_document = record, document
        else:
            getattr(content, kind).append(Placed(record, document))
    if content.settings is None and not any(e.file.endswith(SETTINGS_FILE) for e in errors):
        settings_file = display_path(root / SETTINGS_FILE, root)
        errors.append(RecordError(settings_file, 1, "", "missing: the archive settings file"))
    if not any(not e.warning for e in errors):
        errors += check_content(content)
    return content, sorted(errors)


LOAD_BATCH = 1000
"""Files parsed (on the workers) before they are validated here: the raw data of at most this many files is
held at once, rather than every file's (at 20,000 letters + 15,000 replies, more memory than the records)."""

FileResult = tuple[str | None, Any, Document | None, list[RecordError]]
"""(record kind or None for the settings file, record or None, its document's lines, errors)."""

def _read_all(root: Path, paths: list[Path], cache: DocumentCache | None, workers: int) -> Iterable[FileResult]:
    """Each file's result, in the order of `paths`.

    Files are parsed in `workers` processes (the YAML is the costly part) and validated
    here: plain data crosses between processes several times faster than records. Files
    the cache already holds are read here: unpickling them is cheaper than the hand-off.
    """
    read = partial(_read_file, root, cache=cache)
    for start in range(0, len(paths), LOAD_BATCH):
        batch = paths[start : start + LOAD_BATCH]
        held = [cache is not None and path.suffix == ".yaml" and cache.holds(path, root) for path in batch]
        parsed = forked_map(read, [p for p, h in zip(batch, held, strict=True) if not h], workers)
        parsed.reverse()  # popped from the end: each file's raw data is let go as soon as it is validated
        for path, is_held in zip(batch, held, strict=True):
            kind, document, errors = read(path) if is_held else parsed.pop()
            if document is None:
                yield kind, None, None, errors
                continue
            record, model_errors = record_from(document, KINDS[kind] if kind is not None else Archive)
            # Later stages never read the raw data again, and name a line only for a problem they report: let both go.
            yield kind, record, document.without_lines(path), errors + model_errors
            del document


def _read_file(root: Path, path: Path,
               cache: DocumentCache | None) -> tuple[str | None, Document | None, list[RecordError]]:
    """A file's record kind (None for the settings file), its document, and why it cannot be read."""
    relative = path.relative_to(root)
    name = display_path(path, root)
    if path.suffix != ".yaml":
        return None, None, [RecordError(name, 1, "", "unexpected file in content/; records are .yaml files")]
    kind = relative.parts[0] if len(relative.parts) > 1 else None
    if relative.as_posix() != SETTINGS_FILE and kind not in KINDS:
        folders = ", ".join(f"content/{k}/" for k in KINDS)
        message = f"record is outside the record folders; put it in one of {folders}"
        return None, None, [RecordError(name, 1, "", message)]
    document, errors = read_document(path, root, cache)
    return kind, document, errors
