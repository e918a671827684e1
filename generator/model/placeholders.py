"""Placeholders: values that `sp-archive new` writes and a contributor must replace.

A placeholder is any string that starts with "FILL IN", e.g. "FILL IN: the salutation
verbatim". It may stand where the record wants text, a date, a URL or a choice; each one
is reported as "fill in …" on its own line, and the model's complaint about the same value
(not a date, not a URL) is left out, since the placeholder already says what to do.
"""

from __future__ import annotations

from typing import Any

from ..errors import RecordError, field_path
from ..load.reader import Document, Loc

PREFIX = "FILL IN"


def placeholder(hint: str) -> str:
    """The placeholder value that asks for `hint`, e.g. 'FILL IN: the date on the letter'."""
    return f"{PREFIX}: {hint}"


def placeholder_errors(document: Document) -> list[RecordError]:
    """One error for every placeholder value left in the document, at its line."""
    if not _any_placeholder(document.data):  # the common case, found without building a path for every value
        return []
    return [
        RecordError(document.file, document.line_of(loc), field_path(loc), f"fill in {_hint(value)}")
        for loc, value in _strings(document.data, ())
        if value.lstrip().startswith(PREFIX)
    ]


def not_at_placeholders(errors: list[RecordError], placeholders: list[RecordError]) -> list[RecordError]:
    """The model's errors, less those about a value that is itself a placeholder (or inside one)."""
    fields = {p.field for p in placeholders}
    return [e for e in errors if not any(_is_within(e.field, field) for field in fields)]


def _is_within(field: str, placeholder_field: str) -> bool:
    return field == placeholder_field or field.startswith((placeholder_field + ".", placeholder_field + "["))


def _hint(value: str) -> str:
    hint = value.lstrip()[len(PREFIX):].lstrip(" :").strip()
    return hint or "this field"


def _any_placeholder(data: Any) -> bool:
    """True when some string in the data holds the placeholder's words (a cheap test before the exact one)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if PREFIX in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _strings(data: Any, loc: Loc) -> list[tuple[Loc, str]]:
    if isinstance(data, str):
        return [(loc, data)]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _strings(value, (*loc, key))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in _strings(value, (*loc, index))]
    return []
