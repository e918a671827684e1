"""The registry of record kinds agrees with what loads them, where they live, and their schemas."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.content import Content
from generator.kinds import BY_FOLDER, RECORD_KINDS

REPO = Path(__file__).resolve().parent.parent


def test_every_record_folder_is_a_field_of_content() -> None:
    fields = {f.name for f in dataclasses.fields(Content)}
    assert set(BY_FOLDER) <= fields
    assert {f for f in fields if f not in ("root", "settings", "settings_document")} == set(BY_FOLDER)


def test_every_kind_has_its_committed_schema_and_a_location_under_its_folder() -> None:
    for kind in RECORD_KINDS:
        assert (REPO / "schema" / f"{kind.name}.schema.json").is_file(), kind.name
        assert kind.location.startswith(f"content/{kind.folder}/" if kind.folder else "content/"), kind.name
