"""`sp-archive fields`: the field reference of every record kind, as Markdown, from the models.

FIELDS.md at the repository root is this text; tests fail when it is out of date.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, HttpUrl
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from . import kinds
from .base import Language, Line, NormId, Slug, Text
from .communication import CountryCode, ReferenceText, Resolution
from .schema import MODELS

LOCATIONS = {kind.name: kind.location for kind in kinds.RECORD_KINDS}

# The named string types of generator/model/, each known by its validators and pattern.
TYPE_NAMES: list[tuple[Any, str, str]] = [
    (Text, "text", "free text, never empty; no control characters"),
    (Line, "line", "one line of text, at most 500 characters"),
    (Slug, "id", "lower-case letters and digits joined by hyphens, e.g. `forced-labour`, `sr-torture`, `p12`"),
    (NormId, "norm id", "a norm catalogue id in capitals, e.g. `ICCPR`, `ICCPR-8`, `UNGP-22`, `ILO-C029`"),
    (Language, "language code", "ISO 639-1, two lower-case letters, e.g. `en`"),
    (ReferenceText, "reference", "TYPE CODE NUMBER/YEAR, e.g. `AL OTH 102/2021`"),
    (CountryCode, "country code", "ISO 3166-1 alpha-3, in capitals, e.g. `CHN`"),
    (Resolution, "resolution", "a Human Rights Council resolution number, e.g. `44/15`"),
]
OTHER_TYPES = [
    ("date", "YYYY-MM-DD, e.g. `2021-03-12`"),
    ("URL", "an `http://` or `https://` address"),
    ("mapping", "the fields listed below it, indented under its name"),
    ("list of …", "YAML items, each starting with `- `"),
]


@dataclass(frozen=True)
class FieldRow:
    """One line of the reference: a field by its full path."""

    path: str
    type: str
    required: bool
    default: str
    description: str


def fields_markdown() -> str:
    """The whole field reference, as FIELDS.md holds it."""
    parts = [
        "# Field reference",
        "",
        (
            "Every field of every record kind, generated from the models in `generator/model/` by "
            "`sp-archive fields > FIELDS.md`; do not edit it by hand. A path such as "
            "`sections[].paragraphs[].id` names the field `id` of each item of `paragraphs` in each item "
            "of `sections`. An optional field may be left out, and then takes its default."
        ),
        "",
        "Types:",
        "",
        *[f"- **{name}**: {meaning}" for _, name, meaning in TYPE_NAMES],
        *[f"- **{name}**: {meaning}" for name, meaning in OTHER_TYPES],
    ]
    for kind, model in MODELS.items():
        parts += ["", f"## {kind}", "", f"`{LOCATIONS[kind]}`: {_doc(model)}", "", *_table(field_rows(model))]
    return "\n".join(parts) + "\n"


def field_rows(model: type[BaseModel], prefix: str = "") -> list[FieldRow]:
    """Every field of the model and of the models inside it, depth first, in declaration order."""
    rows = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        rows.append(FieldRow(path, type_name(info), info.is_required(), _default(info), info.description or ""))
        nested, is_list = _nested_model(info.annotation)
        if nested is not None:
            rows += field_rows(nested, f"{path}[]." if is_list else f"{path}.")
    return rows


def models_of(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every model its fields hold, each once."""
    found = [model]
    for info in model.model_fields.values():
        nested, _ = _nested_model(info.annotation)
        if nested is not None:
            found += [m for m in models_of(nested) if m not in found]
    return found


def type_name(info: FieldInfo) -> str:
    """The field's type in the words of the reference, e.g. 'list of text', 'one of: a, b'."""
    return _described(info.annotation, tuple(info.metadata))


def _described(annotation: Any, metadata: tuple[Any, ...]) -> str:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        kept = [a for a in args if a is not type(None)]
        return " or ".join(_described(a, ()) for a in kept)
    if origin is Annotated:
        return _described(args[0], (*args[1:], *metadata))
    if origin is list:
        least = [m.min_length for m in metadata if getattr(m, "min_length", None)]
        return f"list of {_described(args[0], ())}" + (f", at least {least[0]}" if least else "")
    if origin is Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"mapping ({annotation.__name__})"
    return _simple(annotation, metadata)


def _simple(annotation: Any, metadata: tuple[Any, ...]) -> str:
    if annotation is bool:
        return "`true` or `false`"
    if annotation is int:
        floor = [m.ge for m in metadata if hasattr(m, "ge")]
        return f"whole number ≥ {floor[0]}" if floor else "whole number"
    if annotation is date:
        return "date"
    if annotation is HttpUrl:
        return "URL"
    signature = _signature(metadata)
    for alias, name, _ in TYPE_NAMES:
        if signature == _signature(get_args(alias)[1:]):
            return name
    patterns = [p for p in signature[1] if p]
    choices = re.fullmatch(r"\^\(([a-z|-]+)\)\$", patterns[0]) if patterns else None
    if choices:
        return "one of: " + ", ".join(f"`{c}`" for c in choices[1].split("|"))
    return "string"


def _signature(metadata: tuple[Any, ...]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The validators and patterns of a type's metadata: what tells the named types apart."""
    items: list[Any] = []
    for item in metadata:
        items += list(item.metadata) if isinstance(item, FieldInfo) else [item]
    functions = tuple(i.func for i in items if hasattr(i, "func"))
    patterns = tuple(i.pattern for i in items if getattr(i, "pattern", None))
    return functions, patterns


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (itself, optionally, or as list items), and whether in a list."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        kept = [a for a in args if a is not type(None)]
        return _nested_model(kept[0]) if len(kept) == 1 else (None, False)
    if origin is list:
        return _nested_model(args[0])[0], True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return ""
    value = info.get_default(call_default_factory=True)
    if value is None or value is PydanticUndefined:
        return "none"
    if value == []:
        return "empty list"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def _table(rows: list[FieldRow]) -> list[str]:
    lines = ["| field | type | required | default | description |", "|---|---|---|---|---|"]
    for row in rows:
        cells = [f"`{row.path}`", row.type, "required" if row.required else "optional", row.default, row.description]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return lines
