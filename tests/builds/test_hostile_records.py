"""Broken and hostile records: each is refused with its file, its line and a message that says what to do.

Each case writes one bad record into an otherwise valid synthetic archive and returns the
errors expected for it, exactly as `sp-archive validate` prints them. The same cases are
then run all together through the command line, which must print every error at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from synthetic import MARK, communication, dump, line_of, mandate, reply, write_archive, write_text

from generator.load.files import MAX_FILE_BYTES
from generator.load.reader import MAX_DEPTH
from generator.validate.records import load_content

ROOT = Path("content")
BAD = "communications/2021/al-oth-2-2021.yaml"
SHOWN = f"content/{BAD}"
HEADER = f"# {MARK}\n"
TAGS_REFUSED = "is not allowed; records hold plain strings, numbers, dates, lists and mappings"
OUTSIDE_FOLDERS = ("record is outside the record folders; put it in one of content/communications/, content/replies/, "
                   "content/norms/, content/mandates/")
SP_ARCHIVE = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]

Case = Callable[[Path], list[str]]
CASES: dict[str, Case] = {}
ALONE: set[str] = set()  # cases needing a clean archive: cross-record rules only run when every file loads


def case(kind: str, alone: bool = False) -> Callable[[Case], Case]:
    def register(write: Case) -> Case:
        CASES[kind] = write
        if alone:
            ALONE.add(kind)
        return write

    return register


def bad_record(root: Path, **changes: object) -> Path:
    """The letter AL OTH 2/2021 with `changes`, dumped where it belongs."""
    return dump(communication("AL OTH 2/2021", **changes), root / BAD)


def at(needle: str) -> int:
    return line_of(ROOT / BAD, needle)


@case("YAML syntax error")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\naddressee: {kind: company\nlanguage: en\n")
    return [f"{SHOWN}:4: YAML syntax error: expected ',' or '}}', but got ':'"]


@case("tab indentation")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\naddressee:\n\tkind: company\n")
    return [
        (
            f"{SHOWN}:4: YAML syntax error: found character '\\t' that cannot start any token"
            " (YAML does not allow tabs for indentation; use spaces)"
        )
    ]


@case("invalid UTF-8")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER.encode() + b"reference: AL OTH 2/2021\nsalutation: Dear Mr. Mu\xf1oz,\n")
    offset = len(HEADER.encode()) + len(b"reference: AL OTH 2/2021\nsalutation: Dear Mr. Mu")
    return [f"{SHOWN}:3: not valid UTF-8 (byte 0xf1 at offset {offset}); save the file as UTF-8"]


@case("UTF-8 byte order mark (accepted)")
def _(root: Path) -> list[str]:
    path = bad_record(root, salutation="Dear Mr. Muñoz,")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return []


@case("NUL byte")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\nsalutation: Dear\x00 Sir,\n")
    return [f"{SHOWN}:3: contains a NUL character"]


@case("empty file")
def _(root: Path) -> list[str]:
    write_text(root, BAD, b"")
    return [f"{SHOWN}:1: file is empty; expected a mapping of fields"]


@case("comment-only file")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "\n   \n# reference: AL OTH 2/2021\n")
    return [f"{SHOWN}:1: file is empty; expected a mapping of fields"]


@case("top level is a list")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "- reference: AL OTH 2/2021\n")
    return [f"{SHOWN}:2: top level is a list; expected a mapping of fields"]


@case("top level is a scalar")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "AL OTH 2/2021\n")
    return [f"{SHOWN}:2: top level is a string; expected a mapping of fields"]


@case("unknown field")
def _(root: Path) -> list[str]:
    bad_record(root, sumary={"text": MARK})
    return [
        f"{SHOWN}:{at('sumary:')}: sumary: unknown field; check its spelling against the schema (sp-archive schema)"
    ]


@case("missing field")
def _(root: Path) -> list[str]:
    record = communication("AL OTH 2/2021")
    del record["addressee"]["name"]
    dump(record, root / BAD)
    return [f"{SHOWN}:{at('addressee:')}: addressee.name: missing required field"]


@case("impossible date 2021-02-30")
def _(root: Path) -> list[str]:
    path = bad_record(root)
    path.write_text(path.read_text().replace("date_sent: 2021-03-12", "date_sent: 2021-02-30"))
    return [
        (
            f"{SHOWN}:{at('date_sent:')}: date_sent: Input should be a valid date or datetime, day value is outside"
            " expected range; expected a date as YYYY-MM-DD, found '2021-02-30'"
        )
    ]


@case("list where a string is expected")
def _(root: Path) -> list[str]:
    bad_record(root, salutation=["Dear", "Sir"])
    return [f"{SHOWN}:{at('salutation:')}: salutation: Input should be a valid string; found a list"]


@case("duplicate key")
def _(root: Path) -> list[str]:
    path = bad_record(root)
    path.write_text(path.read_text() + "language: fr\n")
    return [f"{SHOWN}:{line_of(path, 'language: fr')}: duplicate key 'language' (first on line {at('language: en')})"]


@case("duplicate reference in two files", alone=True)
def _(root: Path) -> list[str]:
    dump(communication(), root / "communications/2021/al-oth-1-2021-copy.yaml")
    copy, original = (
        ROOT / "communications/2021/al-oth-1-2021-copy.yaml",
        ROOT / "communications/2021/al-oth-1-2021.yaml",
    )
    # 'al-oth-1-2021-copy.yaml' sorts first ('-' before '.'), so the copy is the record seen first.
    return [
        (
            f"{copy}:{line_of(copy, 'reference:')}: reference: file should be "
            "content/communications/2021/al-oth-1-2021.yaml (the path follows the record's identity)"
        ),
        (
            f"{original}:{line_of(original, 'reference:')}: reference: duplicate reference 'AL OTH 1/2021'; also in"
            f" {copy}:{line_of(copy, 'reference:')}"
        ),
    ]


@case("unknown norm", alone=True)
def _(root: Path) -> list[str]:
    record = communication("AL OTH 2/2021")
    record["allegations"][0]["norms"][0]["norm"] = "UNGP-99"
    dump(record, root / BAD)
    return [
        (
            f"{SHOWN}:{at('norm: UNGP-99')}: allegations[0].norms[0].norm: unknown norm 'UNGP-99'"
            " (known: TESTI, TESTI-1, TESTI-2, TESTI-3)"
        )
    ]


@case("unknown mandate", alone=True)
def _(root: Path) -> list[str]:
    record = communication("AL OTH 2/2021", mandates=[{"mandate": "sr-nothing", "resolution": "1/1"}])
    record["signatories"][0]["mandate"] = "sr-nothing"
    dump(record, root / BAD)
    return [
        f"{SHOWN}:{at('mandate: sr-nothing')}: mandates[0].mandate: unknown mandate 'sr-nothing'; "
        "did you mean 'sr-testing'? (known: sr-testing)"
    ]


@case("reply to a letter not in the archive", alone=True)
def _(root: Path) -> list[str]:
    path = dump(reply("UA OTH 9/2021"), root / "replies/2021/ua-oth-9-2021--2021-05-01.yaml")
    return [
        (
            f"content/replies/2021/ua-oth-9-2021--2021-05-01.yaml:{line_of(path, 'reply_to:')}: reply_to: unknown"
            " communication 'UA OTH 9/2021'; did you mean 'AL OTH 1/2021'? (known: AL OTH 1/2021)"
        )
    ]


@case("reply dated before its letter", alone=True)
def _(root: Path) -> list[str]:
    path = dump(reply(on=date(2021, 1, 5)), root / "replies/2021/al-oth-1-2021--2021-01-05.yaml")
    return [
        (
            f"content/replies/2021/al-oth-1-2021--2021-01-05.yaml:{line_of(path, 'date:')}: date: reply dated"
            " 2021-01-05 is before the letter it answers (AL OTH 1/2021, sent 2021-03-12)"
        )
    ]


@case("alias bomb (billion laughs)")
def _(root: Path) -> list[str]:
    lines = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        lines.append(f"{name}{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    write_text(root, BAD, HEADER + "\n".join(lines) + "\n")
    return [f"{SHOWN}:3: YAML aliases (*a) are not allowed in records; write the value out"]


@case("anchor and alias")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: &ref AL OTH 2/2021\nsalutation: *ref\n")
    return [f"{SHOWN}:3: YAML aliases (*ref) are not allowed in records; write the value out"]


@case("merge key <<")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\naddressee:\n  <<: {kind: company, name: X}\n")
    return [f"{SHOWN}:4: YAML merge keys (<<) are not allowed in records; write the fields out"]


@case("10,000 nested lists")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\nsections: " + "[" * 10_000 + "]" * 10_000 + "\n")
    return [f"{SHOWN}:3: nesting is too deep; records nest at most {MAX_DEPTH} levels"]


@case("10,000 nested block lists")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "- " * 10_000 + "x\n")
    return [f"{SHOWN}:2: nesting is too deep; records nest at most {MAX_DEPTH} levels"]


@case("huge file (over 1 MB)")
def _(root: Path) -> list[str]:
    text = HEADER + "reference: AL OTH 2/2021\nsalutation: " + "x" * MAX_FILE_BYTES + "\n"
    write_text(root, BAD, text)
    return [f"{SHOWN}:1: file is {len(text.encode()):,} bytes; a record may be at most 1,000,000 bytes"]


@case("python object tag")
def _(root: Path) -> list[str]:
    write_text(
        root, BAD, HEADER + "reference: AL OTH 2/2021\nsalutation: !!python/object/apply:os.system ['touch pwned']\n"
    )
    return [f"{SHOWN}:3: YAML tag '!!python/object/apply:os.system' {TAGS_REFUSED}"]


@case("custom tag")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\nsections:\n  - !include other.yaml\n")
    return [f"{SHOWN}:4: YAML tag '!include' {TAGS_REFUSED}"]


@case("binary tag")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\nsalutation: !!binary RGVhciBTaXIs\n")
    return [f"{SHOWN}:3: YAML tag '!!binary' {TAGS_REFUSED}"]


@case("symlink pointing out of content/")
def _(root: Path) -> list[str]:
    target = write_text(root.parent, "outside/secret.yaml", HEADER + "secret: SYNTHETIC\n")
    (root / BAD).parent.mkdir(parents=True, exist_ok=True)
    (root / BAD).symlink_to(target.resolve())
    return [
        (
            f"{SHOWN}:1: symbolic link points outside the content folder (to {target.resolve()});"
            " records must live in content/"
        )
    ]


@case("symlink loop")
def _(root: Path) -> list[str]:
    (root / BAD).parent.mkdir(parents=True, exist_ok=True)
    (root / BAD).symlink_to(BAD.rsplit("/", 1)[1])
    return [f"{SHOWN}:1: symbolic link cannot be followed (a loop, or a link to itself)"]


@case("non-.yaml file in content/")
def _(root: Path) -> list[str]:
    write_text(root, "communications/2021/al-oth-2-2021.yml", HEADER + "reference: AL OTH 2/2021\n")
    return ["content/communications/2021/al-oth-2-2021.yml:1: unexpected file in content/; records are .yaml files"]


@case("record outside the record folders")
def _(root: Path) -> list[str]:
    write_text(root, "letters/al-oth-2-2021.yaml", HEADER + "reference: AL OTH 2/2021\n")
    write_text(root, "al-oth-3-2021.yaml", HEADER + "reference: AL OTH 3/2021\n")
    return [
        f"content/al-oth-3-2021.yaml:1: {OUTSIDE_FOLDERS}",
        f"content/letters/al-oth-2-2021.yaml:1: {OUTSIDE_FOLDERS}",
    ]


@case("javascript: URL in source.url")
def _(root: Path) -> list[str]:
    bad_record(root, source={"url": "javascript:alert(document.cookie)", "retrieved": date(2026, 11, 1)})
    return [
        (
            f"{SHOWN}:{at('url: javascript')}: source.url: URL scheme should be 'http' or 'https';"
            " found 'javascript:alert(document.cookie)'"
        )
    ]


@case("raw control character in text")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\nsalutation: Dear\x1b[31m Sir,\n")
    return [f"{SHOWN}:3: contains the character U+001B, which YAML does not allow; remove it"]


@case("escaped control character in text")
def _(root: Path) -> list[str]:
    path = bad_record(root)
    path.write_text(path.read_text().replace("salutation: Dear Ms. Example,", 'salutation: "Dear\\x07 Ms. Example,"'))
    return [f"{SHOWN}:{at('salutation:')}: salutation: contains the control character U+0007; remove it"]


@case("over-long single-line name")
def _(root: Path) -> list[str]:
    record = communication("AL OTH 2/2021")
    record["addressee"]["name"] = "SYNTHETIC-" + "x" * 600
    dump(record, root / BAD)
    # The dumper puts the long value on the line after its key; the key's line is reported.
    return [f"{SHOWN}:{at('SYNTHETIC-x') - 1}: addressee.name: String should have at most 500 characters"]


@case("non-ISO country code")
def _(root: Path) -> list[str]:
    record = communication("AL OTH 2/2021")
    record["addressee"]["country"] = "XXA"
    dump(record, root / BAD)
    return [f"{SHOWN}:{at('country: XXA')}: addressee.country: 'XXA' is not an ISO 3166-1 alpha-3 country code"]


@case("lower-case country code")
def _(root: Path) -> list[str]:
    record = communication("AL OTH 2/2021")
    record["addressee"]["country"] = "che"
    dump(record, root / BAD)
    return [f"{SHOWN}:{at('country: che')}: addressee.country: 'che' is not an ISO 3166-1 alpha-3 country code"]


@case("malformed reference")
def _(root: Path) -> list[str]:
    path = dump(communication("AL OTH 2/2021"), root / BAD)
    path.write_text(path.read_text().replace("reference: AL OTH 2/2021", "reference: AL/OTH/2/2021"))
    return [
        (
            f"{SHOWN}:{at('reference:')}: reference: 'AL/OTH/2/2021' is not a reference; expected TYPE CODE"
            " NUMBER/YEAR such as 'AL OTH 102/2021'"
        )
    ]


@case("two YAML documents in one file")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\n---\nreference: AL OTH 3/2021\n")
    return [f"{SHOWN}:3: YAML syntax error: but found another document"]


@case("list as a mapping key")
def _(root: Path) -> list[str]:
    write_text(root, BAD, HEADER + "reference: AL OTH 2/2021\n? [a, b]\n: c\n")
    return [f"{SHOWN}:3: a mapping key must be a plain name, not a list or mapping"]


@case("several errors in one record")
def _(root: Path) -> list[str]:
    record = communication("AL OTH 2/2021", language="English", salutation=None)
    record["mandates"][0]["resolution"] = "resolution 1"
    dump(record, root / BAD)
    return [
        f"{SHOWN}:{at('language:')}: language: String should match pattern '^[a-z]{{2}}$'; found 'English'",
        (
            f"{SHOWN}:{at('resolution:')}: mandates[0].resolution: String should match pattern"
            " '^[1-9][0-9]{0,2}/[1-9][0-9]{0,3}$'; found 'resolution 1'"
        ),
        f"{SHOWN}:{at('salutation:')}: salutation: Input should be a valid string; found None",
    ]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("kind", list(CASES))
def test_hostile_record_is_refused_with_file_line_and_message(kind: str) -> None:
    root = write_archive(ROOT)
    expected = CASES[kind](root)
    content, errors = load_content(root)
    assert [str(e) for e in errors] == expected
    if expected == []:
        assert len(content.communications) == 2


def test_at_least_25_kinds_of_hostile_records_are_covered() -> None:
    assert len(CASES) >= 25


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    root = write_archive(ROOT)
    CASES["alias bomb (billion laughs)"](root)
    import tracemalloc

    tracemalloc.start()
    _, errors = load_content(root)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [e.message for e in errors] == ["YAML aliases (*a) are not allowed in records; write the value out"]
    assert peak < 20_000_000  # 9**9 expanded strings would take gigabytes


def test_python_tag_is_never_executed() -> None:
    root = write_archive(ROOT)
    CASES["python object tag"](root)
    load_content(root)
    assert not Path("pwned").exists()


def test_command_line_reports_every_hostile_record_at_once_sorted_by_file_and_line() -> None:
    root = write_archive(ROOT)
    expected = []
    for kind, write in CASES.items():
        if kind not in ALONE:
            expected += _moved(kind, write(root), root)
    result = subprocess.run(
        [*SP_ARCHIVE, "validate", "--content", "content"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    printed = result.stderr.splitlines()
    assert printed[:-1] == sorted(expected, key=_file_and_line)
    assert printed[-1] == f"{len(expected)} error(s) in {len({_file_and_line(e)[0] for e in expected})} file(s)"
    assert result.stdout == ""


def _file_and_line(error: str) -> tuple[str, int, str]:
    file, line, rest = error.split(":", 2)
    return file, int(line), rest


def _moved(kind: str, lines: list[str], root: Path) -> list[str]:
    """Move the case's bad letter to a file of its own, and its expected errors with it."""
    number = 100 + list(CASES).index(kind)
    bad = root / BAD
    if not (bad.exists() or bad.is_symlink()):
        return lines
    name = f"communications/2021/al-oth-{number}-2021.yaml"
    if bad.is_symlink() and not bad.exists():
        bad.unlink()
        (root / name).symlink_to(Path(name).name)
        return [line.replace(SHOWN, f"content/{name}") for line in lines]
    os.rename(bad, root / name)
    return [line.replace(SHOWN, f"content/{name}") for line in lines]


def test_hostile_kinds_are_listed_for_the_report() -> None:
    assert sorted(CASES) == sorted(set(CASES))
    assert {
        "alias bomb (billion laughs)",
        "10,000 nested lists",
        "huge file (over 1 MB)",
        "symlink pointing out of content/",
    } <= set(CASES)


def test_a_mandate_file_with_hostile_yaml_is_refused_the_same_way() -> None:
    root = write_archive(ROOT, mandates=[mandate()])
    write_text(root, "mandates/sr-other.yaml", HEADER + "id: !!python/name:os.system\n")
    _, errors = load_content(root)
    assert [str(e) for e in errors] == [
        f"content/mandates/sr-other.yaml:2: YAML tag '!!python/name:os.system' {TAGS_REFUSED}"
    ]
