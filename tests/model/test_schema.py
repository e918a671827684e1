"""The schema is the documentation: every field described, the committed JSON Schema current, records pointing at it."""

from __future__ import annotations

import json
import typing
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, Field
from ruamel.yaml import YAML
from synthetic import communication, mandate, norm_file, reply

from generator import cli
from generator.model import Record
from generator.model.schema import MODELS, json_schema

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SCHEMA_LINE = "# yaml-language-server: $schema="
FOLDER_KIND = {"communications": "communication", "replies": "reply", "norms": "norm", "mandates": "mandate"}


def undocumented(model: type[BaseModel], seen: set[type] | None = None) -> list[str]:
    """'Model.field' for every field, in this model and every model it holds, without a description."""
    seen = set() if seen is None else seen
    if model in seen:
        return []
    seen.add(model)
    missing = [] if (model.__doc__ or "").strip() else [f"{model.__name__} (no docstring)"]
    for name, info in model.model_fields.items():
        if not (info.description or "").strip():
            missing.append(f"{model.__name__}.{name}")
        for inner in models_in(info.annotation):
            missing += undocumented(inner, seen)
    return missing


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models inside a type such as list[Paragraph] | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += models_in(arg)
    return found


def test_every_field_of_every_record_model_has_a_description() -> None:
    missing = [m for model in MODELS.values() for m in undocumented(model)]
    assert missing == []


def test_the_walk_reaches_nested_models() -> None:
    seen: set[type] = set()
    undocumented(MODELS["communication"], seen)
    assert {"Allegation", "NormLink", "Citation", "Repair", "Footnote"} <= {m.__name__ for m in seen}


def test_an_undocumented_nested_field_is_found() -> None:
    class Inner(Record):
        """SYNTHETIC inner model."""

        note: str

    class Outer(Record):
        """SYNTHETIC outer model."""

        items: list[Inner] | None = Field(None, description="Documented.")

    assert undocumented(Outer) == ["Inner.note"]


def test_schema_command_prints_json_with_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert sorted(printed) == ["archive", "communication", "mandate", "norm", "reply"]
    for kind, schema in printed.items():
        assert schema["$id"] == f"{kind}.schema.json"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_command_prints_one_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "reply"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema("reply")


def test_committed_schema_files_are_what_the_models_produce(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "--write", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in MODELS)
    assert sorted(p.name for p in (REPO / "schema").glob("*.schema.json")) == written
    for name in written:
        committed = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert committed == (tmp_path / name).read_text(encoding="utf-8"), (
            f"schema/{name} is out of date; run: sp-archive schema --write schema"
        )


def test_every_property_in_the_json_schema_is_described() -> None:
    # pydantic leaves out a field's description when it repeats its model's: the $ref then carries it.
    def described(prop: dict, defs: dict) -> bool:
        ref = prop.get("$ref", "")
        return bool(prop.get("description") or defs.get(ref.removeprefix("#/$defs/"), {}).get("description"))

    def walk(node: Any, where: str, defs: dict) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not described(prop, defs):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                missing += walk(value, f"{where}/{key}", defs)
        return missing

    schemas = {kind: json_schema(kind) for kind in MODELS}
    assert [m for kind, schema in schemas.items() for m in walk(schema, kind, schema.get("$defs", {}))] == []


def plain(value: Any) -> Any:
    """YAML data as JSON would hold it: dates as ISO strings."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@pytest.mark.parametrize(
    ("kind", "record"),
    [("communication", communication()), ("reply", reply()), ("norm", norm_file()), ("mandate", mandate())],
)
def test_synthetic_records_validate_against_the_committed_schema(kind: str, record: dict) -> None:
    schema = json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(plain(record), schema)


def test_committed_schema_refuses_an_unknown_field() -> None:
    schema = json.loads((REPO / "schema" / "communication.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(plain(communication(sumary="x")), schema)
    assert "'sumary' was unexpected" in caught.value.message


def real_records() -> list[Path]:
    if not (CONTENT / "communications").is_dir():
        return []
    return sorted(CONTENT.rglob("*.yaml"))


def kind_of(record: Path) -> str:
    relative = record.relative_to(CONTENT)
    return "archive" if relative.parts == ("archive.yaml",) else FOLDER_KIND[relative.parts[0]]


@pytest.mark.skipif(not (CONTENT / "communications").is_dir(), reason="content/communications not written yet")
@pytest.mark.parametrize("record", real_records(), ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_real_record_points_to_its_schema_and_validates_against_it(record: Path) -> None:
    first = record.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE), f"{record}: first line should be '{SCHEMA_LINE}…'"
    target = (record.parent / first.removeprefix(SCHEMA_LINE).strip()).resolve()
    assert target == (REPO / "schema" / f"{kind_of(record)}.schema.json").resolve()
    assert target.is_file()
    data = YAML(typ="safe", pure=True).load(record.read_text(encoding="utf-8"))
    jsonschema.validate(plain(data), json.loads(target.read_text(encoding="utf-8")))


@pytest.mark.skipif(not (CONTENT / "communications").is_dir(), reason="content/communications not written yet")
def test_real_content_has_records_of_each_kind() -> None:
    kinds = {kind_of(record) for record in real_records()}
    assert {"archive", "communication", "norm", "mandate"} <= kinds
