"""The registry of record kinds agrees with what loads them, where they live, and their schemas."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

from generator.model.kinds import BY_FOLDER, RECORD_KINDS
from generator.validate.content import Content, Placed

REPO = Path(__file__).resolve().parents[2]


def test_every_record_folder_is_a_field_of_content_holding_its_kind_and_the_other_fields_are_the_settings() -> None:
    types = typing.get_type_hints(Content)
    assert {folder: types.get(folder) for folder in BY_FOLDER} == {
        folder: list[Placed[kind.model]] for folder, kind in BY_FOLDER.items()}
    assert {f.name for f in dataclasses.fields(Content)} - set(BY_FOLDER) == {"root", "settings", "settings_document"}


def test_every_kind_has_its_committed_schema_and_a_location_under_its_folder() -> None:
    for kind in RECORD_KINDS:
        assert (REPO / "schema" / f"{kind.name}.schema.json").is_file(), kind.name
        assert kind.location.startswith(f"content/{kind.folder}/" if kind.folder else "content/"), kind.name
