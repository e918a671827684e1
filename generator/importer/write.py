"""Stage 7 of an import: write the draft record as YAML, the way `sp-archive new` writes a skeleton.

Long texts are folded (`>-`) as contributors write them; the text is read back before it
is written, so a value that would not survive the round trip is never written.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ..errors import ImportFailure
from ..model.schema import schema_line

WIDTH = 100
_PLAIN = re.compile(r"^[^\W\d_][^\n\t#]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def yaml_document(record: dict[str, Any], path: Path, content: Path, comments: list[str],
                  kind: str = "communication") -> str:
    """The record as YAML: the schema line first, then the comments, then the fields."""
    head = [schema_line(kind, path, content), *(f"# {line}" for line in comments)]
    for quoted_only in (False, True):
        text = "\n".join(head + _yaml(record, 0, quoted_only)) + "\n"
        if _reads_back(text, record):
            return text
    raise ImportFailure("internal error: the draft would not read back as written; please report the letter")


def write_draft(path: Path, text: str) -> None:
    """Write the draft; refuse to touch a file that is already there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise ImportFailure(f"{path} already exists; move it away, or give another file with --output") from None
    except OSError as exc:
        raise ImportFailure(f"cannot write {path}: {exc.strerror or exc}") from None


def _reads_back(text: str, record: dict[str, Any]) -> bool:
    yaml = YAML(typ="safe", pure=True)
    return yaml.load(io.StringIO(text)) == record


def _yaml(value: Any, indent: int, quoted_only: bool) -> list[str]:
    """Block YAML for nested dicts, lists and scalars."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines += [f"{pad}{key}:", *_yaml(item, indent + 2, quoted_only)]
            else:
                lines += _keyed(f"{pad}{key}:", item, indent + 2, quoted_only)
        return lines
    for item in value:
        if isinstance(item, dict) and item:
            first, *rest = _yaml(item, indent + 2, quoted_only)
            lines += [f"{pad}- {first.lstrip()}", *rest]
        else:
            lines += _keyed(f"{pad}-", item, indent + 2, quoted_only)
    return lines


def _keyed(prefix: str, value: Any, indent: int, quoted_only: bool) -> list[str]:
    if isinstance(value, str) and not quoted_only and _foldable(value) and len(prefix) + len(value) > WIDTH:
        return [f"{prefix} >-", *(" " * indent + line for line in _folded(value, WIDTH - indent))]
    return [f"{prefix} {_scalar(value, quoted_only)}"]


def _scalar(value: Any, quoted_only: bool) -> str:
    if value == [] or value == {}:
        return "[]" if value == [] else "{}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    if not quoted_only and _is_plain(text):
        return text
    return json.dumps(text, ensure_ascii=quoted_only)


def _is_plain(text: str) -> bool:
    """Text YAML reads back as the same string without quotes (the read-back check guards the rest)."""
    return (bool(_PLAIN.match(text)) and text == text.strip() and text.lower() not in _YAML_WORDS
            and ": " not in text and not text.endswith(":") and text.isprintable())


def _foldable(text: str) -> bool:
    """Folding keeps the text exactly when it has no line breaks, tabs, doubled or edge spaces."""
    return (text == text.strip() and not re.search(r"[\n\r\t]|  ", text)
            and all(ch.isprintable() for ch in text))


def _folded(text: str, width: int) -> list[str]:
    """The text broken at single spaces into lines of at most `width` (longer words stay whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current]
