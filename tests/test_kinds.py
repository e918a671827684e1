"""The registry of record kinds agrees with what loads them, where they live, and their schemas."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.content import Content
from generator.kinds import BY_FOLDER, RECORD_KINDS

REPO = Path(__file__).resolve().parent.parent


def test_every_record_folder_is_a_field_of_content_and_a_folder_of_the_archive() -> None:
    fields = {f.name for f in dataclasses.fields(Content)}
    for folder in BY_FOLDER:
        assert folder in fields, folder
        assert (REPO / "content" / folder).is_dir(), folder


def test_every_kind_has_its_committed_schema_and_a_location_under_its_folder() -> None:
    for kind in RECORD_KINDS:
        assert (REPO / "schema" / f"{kind.name}.schema.json").is_file(), kind.name
        assert kind.location.startswith(f"content/{kind.folder}/" if kind.folder else "content/"), kind.name
