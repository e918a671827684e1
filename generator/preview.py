"""A contributor's preview: one letter, its replies and the catalogues, served in seconds.

`sp-archive preview content/communications/2021/x.yaml` gathers into a temporary
content folder the letter, its replies, the letters it names in `related` (when the
archive holds them), the norm and mandate catalogues and archive.yaml, and runs
`mkdocs serve` on that folder; edits to the content folder are gathered again within a
second, and `mkdocs serve` rebuilds. Backlinks on catalogue pages then show only these
letters: a preview, not the site. Mandate holders are left out, since they name
letters the preview does not carry.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ruamel.yaml import YAML

from . import environment
from .errors import PreviewError, RefusedFile, display_path
from .load.files import content_files, record_bytes
from .load.reader import read_document
from .model.reference import parse_reference

POLL_SECONDS = 1.0


def preview_content(letter: Path, content: Path, out: Path) -> list[Path]:
    """Write the preview's content folder at `out`; return the letter files it holds."""
    letter, content = letter.resolve(), content.resolve()
    if not letter.is_relative_to(content / "communications") or letter.suffix != ".yaml":
        raise PreviewError(f"{letter} is not a record under {content / 'communications'}")
    out.mkdir(parents=True, exist_ok=True)
    _copy(content / "archive.yaml", content, out)
    for path in content_files(content / "norms"):
        _copy(path, content, out)
    _mandates_without_holders(content, out)
    letters = [letter, *_related_files(letter, content)]
    for path in letters:
        _copy(path, content, out)
        for reply in sorted((content / "replies").glob(f"*/{path.stem}--*.yaml")):
            _copy(reply, content, out)
    return letters


def _copy(path: Path, content: Path, out: Path) -> None:
    """Copy a file of `content` into the preview, read as a build reads it: a FIFO or a link out of content/ is
    refused."""
    try:
        data = record_bytes(path, content)
    except RefusedFile as refused:
        raise PreviewError(f"{display_path(path, content)}:1: {refused}", status=1) from None
    target = out / path.relative_to(content)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _mandates_without_holders(content: Path, out: Path) -> None:
    (out / "mandates").mkdir(parents=True, exist_ok=True)
    writer = YAML(typ="safe", pure=True)
    writer.allow_unicode = True
    for path in sorted((content / "mandates").glob("*.yaml")):
        document, _ = read_document(path, content)  # the same safe reader as every build
        if document is None:
            _copy(path, content, out)  # let the preview's build report the error
            continue
        record = {key: value for key, value in document.data.items() if key != "holders"}
        with (out / "mandates" / path.name).open("w", encoding="utf-8") as written:
            writer.dump(record, written)


def _related_files(letter: Path, content: Path) -> list[Path]:
    """Files of the letters that `letter` names in `related`, when the archive holds them."""
    document, _ = read_document(letter, content)
    related = document.data.get("related") if document is not None else None
    found = []
    for item in related if isinstance(related, list) else []:
        reference = item.get("reference") if isinstance(item, dict) else None
        path = _path_of(reference, content) if isinstance(reference, str) else None
        if path is not None and path != letter and path.is_file():
            found.append(path)
    return found


def _path_of(reference: str, content: Path) -> Path | None:
    try:
        return content / parse_reference(reference).record_path
    except ValueError:
        return None


def serve(letter: Path, content: Path, mkdocs_args: list[str]) -> int:
    """Gather the preview and run `mkdocs serve` on it until interrupted; return its exit status."""
    with tempfile.TemporaryDirectory(prefix="sp-archive-preview-") as folder:
        preview = Path(folder) / "content"
        preview_content(letter, content, preview)
        stop = threading.Event()
        threading.Thread(target=follow_edits, args=(letter, content, preview, stop), daemon=True).start()
        env = {**os.environ, environment.CONTENT: str(preview)}
        command = [sys.executable, "-m", "mkdocs", "serve", *mkdocs_args]
        print(f"preview of {letter}: mkdocs serve on {preview} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        try:
            return subprocess.run(command, env=env, check=False).returncode
        except KeyboardInterrupt:
            return 130
        finally:
            stop.set()


def follow_edits(letter: Path, content: Path, preview: Path, stop: threading.Event) -> None:
    """Gather the preview again whenever a file under `content` changes, so `mkdocs serve` rebuilds it."""
    seen = _stamps(content)
    while not stop.wait(POLL_SECONDS):
        now = _stamps(content)
        if now != seen:
            seen = now
            try:
                preview_content(letter, content, preview)
            except PreviewError as exc:  # a file that cannot be read: the preview keeps what it had
                print(f"sp-archive: {exc}; the preview is not updated", file=sys.stderr, flush=True)
            except OSError:
                continue  # a file caught mid-save; the next poll gathers it again


def _stamps(content: Path) -> dict[Path, int]:
    """Modification times of every record: a stat per file, cheap enough to poll every second."""
    stamps = {}
    for path in content.rglob("*.yaml"):
        try:
            stamps[path] = path.stat().st_mtime_ns
        except OSError:
            continue
    return stamps
