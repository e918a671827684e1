"""data/datapackage.json: a Frictionless Data Package describing every table, written from the tables' own
declarations."""

from __future__ import annotations

import json

from ..link.views import Views
from .tables import Table

LICENCE = {"name": "other-pd",
           "title": "UN documents, reproduced as published; the archive's additions under the MIT licence"}


def datapackage(views: Views, tables: list[Table]) -> dict:
    """The descriptor: the archive, its licence and source, and each table's path, fields and keys."""
    return {
        "profile": "tabular-data-package",
        "name": "sp-communications-archive",
        "title": views.archive.title,
        "description": " ".join(views.archive.description.split()),
        "version": views.archive.as_of.isoformat(),
        "created": f"{views.archive.as_of.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
        "sources": [{"title": "UN Special Procedures communications database", "path": "https://spcommreports.ohchr.org/"}],
        "resources": [_resource(table) for table in tables],
    }


def _resource(table: Table) -> dict:
    schema: dict = {
        "fields": [
            {"name": c.name, "type": c.type, "description": c.description,
             **({"constraints": {"required": True}} if c.required else {})}
            for c in table.columns
        ],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fields), "reference": {"resource": target, "fields": list(target_fields)}}
            for fields, target, target_fields in table.foreign_keys
        ]
    return {
        "name": table.name,
        "title": table.title,
        "path": table.path.removeprefix("data/"),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "lineTerminator": "\r\n",
                    "header": True},
        "description": f"{table.title}. Text cells that begin with =, +, -, @, a tab or a carriage return start with "
                       "an apostrophe, so that spreadsheets show them as text (OWASP: CSV injection).",
        "schema": schema,
    }


def datapackage_bytes(views: Views, tables: list[Table]) -> bytes:
    """The descriptor as the file holds it."""
    return (json.dumps(datapackage(views, tables), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
