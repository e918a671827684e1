"""JSON Schema of every record kind, for editors and the `$schema` line of records."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import kinds

SCHEMA_FOLDER = "schema"
"""Where the committed JSON Schemas live, beside content/."""

MODELS: dict[str, type[BaseModel]] = {kind.name: kind.model for kind in kinds.RECORD_KINDS}
"""Each record kind's model, by name (from generator/model/kinds.py)."""


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one record kind, titled and with its id."""
    schema = MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{kind}.schema.json", **schema}


def schema_text(kind: str) -> str:
    """The schema as the committed file holds it."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_line(kind: str, record: Path, content: Path) -> str:
    """The first line of a record: where editors find its schema (schema/ beside content/), relative to the record."""
    schema_file = content.absolute().parent / SCHEMA_FOLDER / f"{kind}.schema.json"
    schema = Path(os.path.relpath(schema_file, record.absolute().parent))
    return f"# yaml-language-server: $schema={schema.as_posix()}"


def write_schemas(folder: Path) -> list[Path]:
    """Write schema/<kind>.schema.json for every kind; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in MODELS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
