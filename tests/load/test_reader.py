"""Loading: YAML to plain data with the line of every node, and model errors placed on those lines."""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import DAMAGES, MKDOCS, REPO, built, damage, rich_archive
from refused_files import NOT_FILES, REFUSED, SECONDS, bounded, not_files
from site_files import tree_digest
from synthetic import MARK, communication, dump, line_of, norm_file, write_text

from generator.load.reader import MAX_DEPTH, Document, read_document
from generator.model import Communication, NormCatalogueFile
from generator.validate.records import record_from


def read(tmp_path: Path, text: str | bytes, name: str = "record.yaml") -> tuple[Document | None, list[str]]:
    path = write_text(tmp_path, name, text)
    document, errors = read_document(path, tmp_path)
    return document, [str(e) for e in errors]


@pytest.fixture(autouse=True)
def _files_named_from_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_every_key_and_list_item_keeps_its_line(tmp_path: Path) -> None:
    text = (f"# {MARK}\nreference: AL OTH 1/2021\nsections:\n  - kind: opening\n    paragraphs:\n      - id: p1\n"
            "        text: >\n          Folded\n          text.\n      - id: p2\n")
    document, errors = read(tmp_path, text)
    assert errors == []
    assert document.lines[("reference",)] == 2
    assert document.lines[("sections", 0)] == 4
    assert document.lines[("sections", 0, "paragraphs", 1)] == 10
    assert document.line_of(("sections", 0, "paragraphs", 0, "text")) == 7
    assert document.data["sections"][0]["paragraphs"][0]["text"] == "Folded text.\n"


def test_line_of_a_missing_field_is_its_parents_line(tmp_path: Path) -> None:
    document, _ = read(tmp_path, f"# {MARK}\na: 1\nb:\n  c: 2\n")
    assert document.line_of(("b", "missing")) == 3
    assert document.line_of(("b", 0, "x")) == 3
    assert document.line_of(("nothing",)) == 2


def test_wrong_value_deep_in_a_list_reports_the_line_of_that_value(tmp_path: Path) -> None:
    record = communication()
    record["allegations"][0]["norms"][1]["basis"] = "guess"
    path = dump(record, tmp_path / "letter.yaml")
    document, _ = read_document(path, tmp_path)
    _, errors = record_from(document, Communication)
    line = line_of(path, "basis: guess")
    assert [str(e) for e in errors] == [
        f"letter.yaml:{line}: allegations[0].norms[1].basis: Input should be 'letter' or 'editorial'; found 'guess'"
    ]


def test_model_error_on_a_nested_record_reports_the_line_of_its_item(tmp_path: Path) -> None:
    record = communication()
    del record["allegations"][0]["norms"][1]["note"]
    path = dump(record, tmp_path / "letter.yaml")
    document, _ = read_document(path, tmp_path)
    _, errors = record_from(document, Communication)
    line = line_of(path, "norm: TESTI-2") - 1  # the item starts on its first key, 'basis'
    assert line_of(path, "- basis: editorial") == line
    assert [str(e) for e in errors] == [
        f"letter.yaml:{line}: allegations[0].norms[1]: an editorial link needs a 'note' saying why the norm applies"
    ]


def test_every_error_of_a_record_is_reported_each_on_its_line(tmp_path: Path) -> None:
    record = communication(language="English")
    record["questions"][0]["number"] = 0
    record["sections"][1]["paragraphs"][0]["id"] = "P 2"
    path = dump(record, tmp_path / "letter.yaml")
    document, _ = read_document(path, tmp_path)
    _, errors = record_from(document, Communication)
    assert [(e.line, e.field) for e in sorted(errors)] == sorted(
        [
            (line_of(path, "language: English"), "language"),
            (line_of(path, "number: 0"), "questions[0].number"),
            (line_of(path, "id: P 2"), "sections[1].paragraphs[0].id"),
        ]
    )


def test_missing_field_is_reported_on_its_records_line(tmp_path: Path) -> None:
    record = communication()
    del record["signatories"][0]["mandate"]
    path = dump(record, tmp_path / "letter.yaml")
    document, _ = read_document(path, tmp_path)
    _, errors = record_from(document, Communication)
    assert [str(e) for e in errors] == [
        f"letter.yaml:{line_of(path, '- name: SYNTHETIC Signatory')}: signatories[0].mandate: missing required field"
    ]


def test_provision_id_not_extending_its_instrument_is_not_a_model_error(tmp_path: Path) -> None:
    # Checked across the catalogue (tests/validate/test_records.py), where it names the provision's line.
    record = norm_file()
    record["provisions"][1]["id"] = "OTHER-2"
    assert NormCatalogueFile.model_validate(record).provisions[1].id == "OTHER-2"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    document, errors = read(tmp_path, "\ufeff# SYNTHETIC\nname: Zoë\n".encode())
    assert errors == []
    assert document.data == {"name": "Zoë"}
    assert document.lines[("name",)] == 2


def test_invalid_utf8_names_its_line_and_byte(tmp_path: Path) -> None:
    _, errors = read(tmp_path, b"# SYNTHETIC\na: 1\nb: caf\xe9\n")
    assert errors == ["record.yaml:3: not valid UTF-8 (byte 0xe9 at offset 23); save the file as UTF-8"]


def test_impossible_date_is_left_for_the_model_to_name(tmp_path: Path) -> None:
    path = dump(communication(), tmp_path / "letter.yaml")
    text = path.read_text(encoding="utf-8").replace("date_sent: 2021-03-12", "date_sent: 2021-02-30")
    document, errors = read(tmp_path, text, "letter.yaml")
    assert errors == []
    assert document.data["date_sent"] == "2021-02-30"


def test_date_with_an_impossible_time_does_not_crash(tmp_path: Path) -> None:
    document, errors = read(tmp_path, "# SYNTHETIC\nwhen: 2021-03-12 25:00:00\n")
    assert errors == []
    assert document.data == {"when": "2021-03-12 25:00:00"}


def test_number_too_long_to_convert_is_kept_as_text(tmp_path: Path) -> None:
    digits = "9" * 5000
    document, errors = read(tmp_path, f"# SYNTHETIC\nnumber: {digits}\n")
    assert errors == []
    assert document.data == {"number": digits}


def test_anchor_without_alias_is_harmless(tmp_path: Path) -> None:
    document, errors = read(tmp_path, "# SYNTHETIC\nname: &n SYNTHETIC\n")
    assert errors == []
    assert document.data == {"name": "SYNTHETIC"}


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    levels = MAX_DEPTH - 1
    _, errors = read(tmp_path, "a: " + "[" * levels + "]" * levels + "\n")
    assert errors == []


def test_nesting_past_the_limit_is_refused(tmp_path: Path) -> None:
    _, errors = read(tmp_path, "# SYNTHETIC\na:\n  b: " + "{c: " * 50_000 + "1" + "}" * 50_000 + "\n")
    assert errors == [f"record.yaml:3: nesting is too deep; records nest at most {MAX_DEPTH} levels"]


def test_document_is_read_only_data(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "# SYNTHETIC\nname: x\n")
    with pytest.raises(AttributeError):
        document.file = "other.yaml"  # type: ignore[misc]


def test_cached_read_gives_the_same_document_without_parsing_again(tmp_path: Path, monkeypatch) -> None:
    from generator.load import reader as load
    from generator.load.cache import DocumentCache

    record = tmp_path / "record.yaml"
    record.write_text("# SYNTHETIC\nname: SYNTHETIC\nitems:\n  - 1\n  - when: 2021-03-12\n", encoding="utf-8")
    cache = DocumentCache(tmp_path / "cache")
    first, errors = load.read_document(record, tmp_path, cache)
    assert errors == [] and cache.misses == 1

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed a file whose bytes did not change")

    monkeypatch.setattr(load, "_decode_and_parse", no_parsing)
    second, errors = load.read_document(record, tmp_path, cache)
    assert errors == [] and cache.hits == 1
    assert (second.data, second.lines, second.file) == (first.data, first.lines, first.file)


def test_changed_bytes_are_parsed_again_and_errors_are_never_cached(tmp_path: Path) -> None:
    from generator.load.cache import DocumentCache
    from generator.load.reader import read_document

    record = tmp_path / "record.yaml"
    cache = DocumentCache(tmp_path / "cache")
    record.write_text("# SYNTHETIC\nname: one\n", encoding="utf-8")
    assert read_document(record, tmp_path, cache)[0].data == {"name": "one"}
    record.write_text("# SYNTHETIC\nname: two\n", encoding="utf-8")
    assert read_document(record, tmp_path, cache)[0].data == {"name": "two"}
    record.write_text("# SYNTHETIC\nname: [\n", encoding="utf-8")
    for _ in range(2):
        document, errors = read_document(record, tmp_path, cache)
        assert document is None and errors[0].message.startswith("YAML syntax error")
    assert cache.hits == 0
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == 2


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = ["# SYNTHETIC", "reference: AL OTH 1/2021", 'salutation: "Dear Ms. Example,',
             *[f"field{n}: value {n}" for n in range(40)]]
    document, errors = read(tmp_path, "\n".join(lines) + "\n")
    assert document is None
    assert errors == ["record.yaml:3: a quoted value opens on this line and is never closed; add its closing quote"]


def test_text_not_in_nfc_is_read_as_nfc_with_a_warning_on_its_line(tmp_path: Path) -> None:
    decomposed = "Te\u0301le\u0301com SYNTHETIC"  # é as e + combining acute
    document, errors = read(tmp_path, f"# SYNTHETIC\nid: x\nname: {decomposed}\n")
    assert document.data["name"] == "T\u00e9l\u00e9com SYNTHETIC"
    assert errors == ["record.yaml:3: warning: text is not in Unicode NFC (composed) form; it was read as NFC, which "
                      "looks the same (save the file with composed characters)"]


def test_the_nfc_warning_is_given_again_when_the_record_comes_from_the_cache(tmp_path: Path) -> None:
    from generator.load.cache import DocumentCache

    record = write_text(tmp_path, "record.yaml", "# SYNTHETIC\nname: Te\u0301le\u0301com\n")
    cache = DocumentCache(tmp_path / "cache")
    first = read_document(record, tmp_path, cache)[1]
    second = read_document(record, tmp_path, cache)[1]
    assert cache.hits == 1 and first == second and len(first) == 1 and first[0].warning


@pytest.mark.parametrize("how", [*DAMAGES, "an older format"])
def test_a_damaged_record_cache_entry_is_parsed_again(tmp_path: Path, how: str) -> None:
    import pickle

    from generator.load.cache import DocumentCache

    one = write_text(tmp_path, "one.yaml", "# SYNTHETIC\nname: the first record\n")
    other = write_text(tmp_path, "other.yaml", "# SYNTHETIC\nname: the second record\n")
    cache = DocumentCache(tmp_path / "cache")
    read_document(one, tmp_path, cache), read_document(other, tmp_path, cache)
    entry = cache._path(cache.key(one.read_bytes()))
    if how == "an older format":  # what the cache wrote before entries carried a checksum: a bare pickle
        entry.write_bytes(pickle.dumps(({"name": "the first record"}, {})))
    else:
        damage(entry, cache._path(cache.key(other.read_bytes())), how)
    fresh = DocumentCache(tmp_path / "cache")
    document, errors = read_document(one, tmp_path, fresh)
    assert errors == [] and document.data == {"name": "the first record"}
    assert entry in fresh.damaged and fresh.hits == 0


# ---------------------------------------------------------------- files that are not files (issue 23)
# The files, what is said of them and the bounded runner are in refused_files.py (test_preview.py uses them too).

READ_EACH = """
import sys
from pathlib import Path
from generator.load.cache import DocumentCache
from generator.load.reader import read_document
root, cache = Path(sys.argv[1]), DocumentCache(Path(sys.argv[2])) if sys.argv[2] else None
for relative in sys.argv[3:]:
    path = root / relative
    held = cache.holds(path, root) if cache else None
    for document, errors in (read_document(path, root, cache), read_document(path)):
        print(held, document, *errors, sep=" | ")
"""


@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_fifo_and_a_link_to_dev_zero_are_refused_unopened_by_the_loader_and_its_cache(tmp_path: Path,
                                                                                        cache: str) -> None:
    content = tmp_path / "content"
    for folder in ("communications/2021", "mandates", "norms"):
        (content / folder).mkdir(parents=True)
    not_files(content)
    cache_dir = str(tmp_path / "cache") if cache == "on" else ""
    result = bounded([sys.executable, "-c", READ_EACH, str(content), cache_dir, *NOT_FILES], tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    held = "False" if cache == "on" else "None"
    lines = result.stdout.splitlines()
    assert lines[0::2] == [f"{held} | None | {line}" for line in REFUSED]
    # Read with no content folder to stay in (the importer's comparison tool), a device is still not a regular file.
    assert lines[1::2] == [f"{held} | None | {line.split(':1: ')[0]}:1: not a regular file" for line in REFUSED]


def test_a_link_to_a_record_inside_content_is_read_through_the_link(tmp_path: Path) -> None:
    record = write_text(tmp_path, "norms/testi.yaml", "# SYNTHETIC\nname: linked\n")
    (tmp_path / "norms/alias.yaml").symlink_to("testi.yaml")
    document, errors = read_document(tmp_path / "norms/alias.yaml", tmp_path)
    assert errors == [] and document.data == {"name": "linked"} and document.file == "norms/alias.yaml"
    assert record.is_file()


def test_a_record_that_grew_past_the_limit_is_refused_on_its_size(tmp_path: Path) -> None:
    from generator.load.files import MAX_FILE_BYTES

    write_text(tmp_path, "big.yaml", b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    _, errors = read(tmp_path, b"# " + b"x" * MAX_FILE_BYTES + b"\n", "big.yaml")
    assert errors == [f"big.yaml:1: file is {MAX_FILE_BYTES + 3:,} bytes; "
                      f"a record may be at most {MAX_FILE_BYTES:,} bytes"]


def built_then_not_files(tmp_path: Path, cache: Path | None) -> tuple[Path, Path, dict[str, str]]:
    """A content folder built into a site, then given NOT_FILES: the folder, the site and the site's digest."""
    content = rich_archive(tmp_path / "content")
    site = built(content, tmp_path / "site", cache=cache)
    return not_files(content), site, tree_digest(site)


@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_build_names_a_fifo_and_a_link_to_dev_zero_in_one_line_each_at_once(tmp_path: Path, cache: str) -> None:
    cache_dir = tmp_path / "cache" if cache == "on" else None
    content, site, before = built_then_not_files(tmp_path, cache_dir)
    env = {"SP_ARCHIVE_CONTENT": str(content), "SP_ARCHIVE_CACHE": str(cache_dir or ""), "SP_ARCHIVE_WORKERS": "2"}
    result = bounded([*MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)], REPO, env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("content/")] == REFUSED
    assert f"4 error(s) in 4 file(s) under {content}; nothing was written" in result.stderr
    assert tree_digest(site) == before


def test_validate_names_a_fifo_and_a_link_to_dev_zero_in_one_line_each_at_once(tmp_path: Path) -> None:
    not_files(rich_archive(tmp_path / "content"))
    result = bounded([sys.executable, "-m", "generator.cli", "validate", "--content", "content"], tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [*REFUSED, "4 error(s) in 4 file(s)"]


def test_mkdocs_serve_shows_a_fifo_and_a_link_to_dev_zero_as_errors_at_once(tmp_path: Path) -> None:
    content = not_files(rich_archive(tmp_path / "content"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "SP_ARCHIVE_CONTENT": str(content),
           "SP_ARCHIVE_CACHE": str(tmp_path / "cache")}
    server = subprocess.Popen([*MKDOCS, "serve", "-f", str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"], cwd=REPO,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    page = ""
    try:
        deadline = time.monotonic() + SECONDS
        while "not a regular file" not in page and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            with contextlib.suppress(OSError):
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert "The archive has errors" in page, f"no error page within {SECONDS} s"
    assert all(f"<code>{html.escape(line, quote=False)}</code>" in page for line in REFUSED)


def test_a_folder_import_skips_a_fifo_and_a_link_to_dev_zero_in_the_catalogues_unread(tmp_path: Path) -> None:
    not_files(rich_archive(tmp_path / "content"))
    letters = tmp_path / "letters"
    letters.mkdir()
    shutil.copy(REPO / "tests/fixtures/letters/ua-state-old-header.txt", letters)
    result = bounded([sys.executable, "-m", "generator.cli", "import", "letters", "--content", "content"], tmp_path)
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == "1 file(s): 0 drafted, 1 need attention, 0 refused"
    assert result.returncode == 0
